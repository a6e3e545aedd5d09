pub mod apply;
pub mod department;
pub mod home;
pub mod receipt;
pub mod track;
