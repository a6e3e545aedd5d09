pub mod account;
pub mod apply;
pub mod department;
pub mod home;
pub mod materials;
pub mod receipt;
pub mod review;
pub mod track;
