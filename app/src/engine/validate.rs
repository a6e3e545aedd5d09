//! Format checks for the identifiers citizens type, with messages they can act on.
//!
//! Each error is one bilingual sentence saying what is wrong and, where it helps, what is
//! expected. Surrounding whitespace is ignored (pasted numbers often carry it); callers should
//! store the trimmed value, or for bank cards the value from [`normalise_digits`].

use super::calendar::Date;
use super::catalog::Text;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label(&self) -> Text {
        match self {
            Sex::Male => Text::new("男", "Male"),
            Sex::Female => Text::new("女", "Female"),
        }
    }

    /// The value stored in answers; matches the serde form.
    pub fn code(&self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// What a valid ID number tells us, so the form need not ask again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdNumberInfo {
    pub birth_date: Date,
    pub sex: Sex,
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Resident ID number, GB 11643-1999. `today` bounds the birth date; it is an argument because
/// this code never reads the clock.
pub fn id_number(s: &str, today: Date) -> Result<IdNumberInfo, Text> {
    let s = s.trim();
    let n = s.chars().count();
    if n != 18 {
        return Err(Text::new(
            format!("身份证号码应为18位，您填写了{n}位"),
            format!("An ID number has 18 characters; you entered {n}"),
        ));
    }
    let b = s.as_bytes();
    let last = b[17].to_ascii_uppercase();
    // Any non-ASCII char (a full-width digit, say) puts a non-digit byte in the first 18.
    if !b[..17].iter().all(u8::is_ascii_digit) || !(last.is_ascii_digit() || last == b'X') {
        return Err(Text::new(
            "身份证号码前17位应为数字，最后一位为数字或字母X",
            "An ID number is 17 digits followed by a digit or the letter X",
        ));
    }
    let digit = |i: usize| u32::from(b[i] - b'0');
    let number = |r: std::ops::Range<usize>| r.fold(0, |acc, i| acc * 10 + digit(i));
    let birth_date = Date::new(
        number(6..10) as i32,
        number(10..12) as u8,
        number(12..14) as u8,
    )
    .ok_or_else(|| {
        Text::new(
            "身份证号码中的出生日期（第7至14位）不是有效日期，请核对",
            "The birth date in the ID number (characters 7–14) is not a real date; please check it",
        )
    })?;
    if birth_date > today {
        return Err(Text::new(
            "身份证号码中的出生日期晚于今天，请核对",
            "The birth date in the ID number is in the future; please check it",
        ));
    }
    let sum: u32 = (0..17).map(|i| digit(i) * ID_WEIGHTS[i]).sum();
    if ID_CHECK[(sum % 11) as usize] != last {
        return Err(Text::new(
            "身份证号码校验位不正确，请核对",
            "The ID number's check character is wrong; please check it",
        ));
    }
    let sex = if digit(16) % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok(IdNumberInfo { birth_date, sex })
}

/// GB 32100-2015 leaves out I, O, Z, S and V, which are easily mistaken for digits.
const CREDIT_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Unified social credit code, GB 32100-2015. Lowercase letters are accepted as uppercase.
pub fn credit_code(s: &str) -> Result<(), Text> {
    let s = s.trim();
    let n = s.chars().count();
    if n != 18 {
        return Err(Text::new(
            format!("统一社会信用代码应为18位，您填写了{n}位"),
            format!("A unified social credit code has 18 characters; you entered {n}"),
        ));
    }
    let values: Option<Vec<u32>> = s
        .bytes()
        .map(|c| {
            let c = c.to_ascii_uppercase();
            CREDIT_CHARS.iter().position(|&x| x == c).map(|p| p as u32)
        })
        .collect();
    let Some(values) = values else {
        return Err(Text::new(
            "统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V），请核对",
            "A unified social credit code has only digits and capital letters (never I, O, Z, S or V); please check it",
        ));
    };
    let sum: u32 = values.iter().zip(CREDIT_WEIGHTS).map(|(v, w)| v * w).sum();
    if values[17] != (31 - sum % 31) % 31 {
        return Err(Text::new(
            "统一社会信用代码校验位不正确，请核对",
            "The unified social credit code's check character is wrong; please check it",
        ));
    }
    Ok(())
}

/// Mainland mobile number: 11 digits starting 13–19.
pub fn mobile(s: &str) -> Result<(), Text> {
    let b = s.trim().as_bytes();
    let ok = b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1]);
    ok.then_some(()).ok_or_else(|| {
        Text::new(
            "请填写正确的11位手机号码，如 13800138000",
            "Please enter a valid 11-digit mobile number, such as 13800138000",
        )
    })
}

/// Removes the spaces people type or paste to group digits (including the full-width space).
pub fn normalise_digits(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Bank card number: 12–19 digits passing the Luhn check. Spaces are allowed.
pub fn bank_card(s: &str) -> Result<(), Text> {
    let digits = normalise_digits(s);
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(Text::new(
            "银行卡号只能包含数字",
            "A bank card number contains only digits",
        ));
    }
    let n = digits.len();
    if !(12..=19).contains(&n) {
        return Err(Text::new(
            format!("银行卡号应为12至19位数字，您填写了{n}位"),
            format!("A bank card number has 12 to 19 digits; you entered {n}"),
        ));
    }
    // Luhn: from the right, double every second digit and sum the digits of the results.
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c - b'0') * (1 + i as u32 % 2);
            d / 10 + d % 10
        })
        .sum();
    if !sum.is_multiple_of(10) {
        return Err(Text::new(
            "银行卡号有误，请对照卡面核对",
            "The bank card number is not valid; please check it against your card",
        ));
    }
    Ok(())
}

pub fn postcode(s: &str) -> Result<(), Text> {
    let b = s.trim().as_bytes();
    (b.len() == 6 && b.iter().all(u8::is_ascii_digit))
        .then_some(())
        .ok_or_else(|| Text::new("邮政编码应为6位数字", "A postcode has 6 digits"))
}

/// A date field: strictly `YYYY-MM-DD`, as a date input produces.
pub fn date(s: &str) -> Result<Date, Text> {
    Date::parse_iso(s.trim()).ok_or_else(|| {
        Text::new(
            "请按“年-月-日”填写有效日期，如 2026-02-14",
            "Please enter a real date as year-month-day, such as 2026-02-14",
        )
    })
}

// Messages for the constraints an item puts on a field (see `FieldUse`).

/// A date that has to have happened already.
pub fn date_in_future(today: Date) -> Text {
    Text::new(
        format!("这个日期不能晚于今天（{today}）。"),
        format!("This date cannot be after today ({today})."),
    )
}

/// A date that is planned: today or later.
pub fn date_in_past(today: Date) -> Text {
    Text::new(
        format!("这个日期不能早于今天（{today}）。"),
        format!("This date cannot be before today ({today})."),
    )
}

/// A date before the one it follows (`other` names that field).
pub fn not_before_date(other: &Text, earliest: Date) -> Text {
    Text::new(
        format!("不能早于“{}”（{earliest}）。", other.zh),
        format!(
            "Cannot be before the {} ({earliest}).",
            other.en.to_lowercase()
        ),
    )
}

pub fn required_missing() -> Text {
    Text::new("此项为必填项", "This is required")
}

pub fn too_short(n: u32) -> Text {
    Text::new(
        format!("请至少填写{n}个字"),
        format!("Please enter at least {n} {}", characters(n)),
    )
}

pub fn too_long(n: u32) -> Text {
    Text::new(
        format!("最多可填写{n}个字"),
        format!("Please enter no more than {n} {}", characters(n)),
    )
}

fn characters(n: u32) -> &'static str {
    if n == 1 {
        "character"
    } else {
        "characters"
    }
}

pub fn below(min: f64) -> Text {
    let min = decimal_text(min);
    Text::new(format!("不能小于{min}"), format!("Must be at least {min}"))
}

pub fn above(max: f64) -> Text {
    let max = decimal_text(max);
    Text::new(
        format!("不能大于{max}"),
        format!("Must be no more than {max}"),
    )
}

/// A number as a citizen types it: an optional minus, digits, optionally a point and more
/// digits ("12", "0.5", "-3.25"), at most 15 digits. Not "1e5", "+5", "inf" or "NaN", which
/// `str::parse::<f64>` accepts (and NaN passes every range check). Written out by hand also
/// because the float parser is a sizeable part of the browser build.
pub fn decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((_, "")) => return None,
        Some((w, f)) => (w, f),
        None => (digits, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    if whole.len() + fraction.len() > 15 {
        return None;
    }
    let mantissa = whole
        .bytes()
        .chain(fraction.bytes())
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    let value = mantissa as f64 / 10f64.powi(fraction.len() as i32);
    Some(if negative { -value } else { value })
}

/// A limit as people read it: whole numbers without a point, otherwise up to two decimals
/// ("18", "0.5", "12.25"). Integer arithmetic, so the browser build carries no float formatter.
pub fn decimal_text(x: f64) -> String {
    let hundredths = (x.abs() * 100.0).round() as u64;
    let sign = if x < 0.0 && hundredths > 0 { "-" } else { "" };
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    match fraction {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

/// A file size in megabytes with one decimal ("11.0 MB" reads as more than the 10 MB limit).
pub fn megabytes(bytes: u64) -> String {
    // Whole megabytes and the remainder apart: `bytes * 10` overflowed (a panic in debug builds)
    // for sizes above u64::MAX / 10, and the size comes from outside. Same rounding, no u128.
    let (whole, rest) = (bytes / 1_048_576, bytes % 1_048_576);
    let tenths = whole * 10 + (rest * 10 + 524_288) / 1_048_576;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

pub fn not_a_number() -> Text {
    Text::new("请填写数字", "Please enter a number")
}

pub fn not_an_option() -> Text {
    Text::new("请从列表中选择", "Please choose one of the options")
}

// Files handed in for materials. The browser checks what it is told (size, declared type) before
// uploading, to spare a slow network; the server checks the bytes themselves.

/// 10 MB: a phone photo or a scanned PDF fits.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The media types accepted for materials.
pub const FILE_TYPES: [&str; 3] = ["image/jpeg", "image/png", "application/pdf"];

pub fn file_empty() -> Text {
    Text::new(
        "文件是空的，请重新选择。",
        "The file is empty. Choose it again.",
    )
}

pub fn file_too_big(bytes: u64) -> Text {
    let size = megabytes(bytes);
    Text::new(
        format!("文件太大（{size}），请不超过 10 MB：可降低照片分辨率或分页扫描。"),
        format!(
            "The file is too big ({size}). It must be 10 MB or smaller: take the photo at a lower resolution or scan fewer pages."
        ),
    )
}

pub fn file_wrong_type() -> Text {
    Text::new(
        "只能上传 JPG、PNG 照片或 PDF 文件。",
        "Only JPG or PNG photos and PDF files can be uploaded.",
    )
}

/// What can be judged before uploading: the size and the type the device declares.
pub fn file_choice(bytes: u64, declared_type: &str) -> Result<(), Text> {
    if bytes == 0 {
        Err(file_empty())
    } else if bytes > MAX_FILE_BYTES {
        Err(file_too_big(bytes))
    } else if !FILE_TYPES.contains(&declared_type) {
        Err(file_wrong_type())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_file_is_judged_by_size_and_declared_type_before_upload() {
        assert_eq!(file_choice(200_000, "image/jpeg"), Ok(()));
        assert_eq!(file_choice(MAX_FILE_BYTES, "application/pdf"), Ok(()));
        assert_eq!(file_choice(0, "image/png"), Err(file_empty()));
        assert_eq!(
            file_choice(MAX_FILE_BYTES + 1, "image/png"),
            Err(file_too_big(MAX_FILE_BYTES + 1))
        );
        assert_eq!(file_choice(1_000, "image/heic"), Err(file_wrong_type()));
        assert_eq!(file_choice(1_000, ""), Err(file_wrong_type()));
        assert!(file_too_big(11 * 1_048_576).zh.contains("11.0 MB"));
    }

    fn today() -> Date {
        Date::new(2026, 2, 14).unwrap()
    }

    fn born(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    /// The English message of a rejection, or "" when the value was accepted.
    fn err<T>(r: Result<T, Text>) -> String {
        r.err().map(|t| t.en).unwrap_or_default()
    }

    fn id_error(s: &str) -> String {
        err(id_number(s, today()))
    }

    #[test]
    fn a_valid_id_number_gives_birth_date_and_sex() {
        let male = id_number("110105199003070017", today()).unwrap();
        assert_eq!((male.birth_date, male.sex), (born("1990-03-07"), Sex::Male));
        assert_eq!(
            id_number("110105199003070025", today()).unwrap().sex,
            Sex::Female
        );
    }

    #[test]
    fn an_id_number_whose_check_character_is_x_is_accepted() {
        let info = id_number("11010519491231002X", today()).unwrap();
        assert_eq!(
            (info.birth_date, info.sex),
            (born("1949-12-31"), Sex::Female)
        );
    }

    #[test]
    fn a_lowercase_x_is_read_as_x() {
        assert!(id_number("11010519491231002x", today()).is_ok());
        assert!(id_number("  11010519491231002x ", today()).is_ok());
    }

    #[test]
    fn an_id_number_whose_check_character_is_zero_is_accepted() {
        assert!(id_number("110105199003070180", today()).is_ok());
    }

    #[test]
    fn an_id_number_with_a_wrong_check_digit_is_rejected() {
        let text = id_number("110105194912310021", today()).unwrap_err();
        assert_eq!(text.zh, "身份证号码校验位不正确，请核对");
        assert!(id_error("110105199003070018").contains("check character"));
        assert!(id_error("110105199003070010").contains("check character"));
    }

    #[test]
    fn an_id_number_of_the_wrong_length_says_how_long_it_was() {
        assert!(id_error("11010519491231002").contains("you entered 17"));
        assert!(id_error("11010519491231002X1").contains("you entered 19"));
        assert!(id_error("").contains("you entered 0"));
    }

    #[test]
    fn an_id_number_with_letters_or_full_width_characters_is_rejected() {
        let bad = "11010519491231002Y 1101051949123100X2 11010519491231002Ｘ １10105199003070017";
        for s in bad.split(' ') {
            assert!(id_error(s).contains("17 digits"), "{s}");
        }
    }

    #[test]
    fn february_29_is_a_birth_date_only_in_leap_years() {
        let info = id_number("32010219960229002X", today()).unwrap();
        assert_eq!(info.birth_date, born("1996-02-29"));
        assert!(id_number("110105200002291235", today()).is_ok());
        assert!(id_error("320102199702290027").contains("not a real date"));
        // 1900 is not a leap year: divisible by 100 but not by 400.
        assert!(id_error("110105190002291239").contains("not a real date"));
    }

    #[test]
    fn a_birth_date_after_today_is_rejected_but_today_is_fine() {
        assert!(id_error("320102202602150013").contains("in the future"));
        let info = id_number("32010220260214000X", today()).unwrap();
        assert_eq!(info.birth_date, today());
    }

    #[test]
    fn each_id_number_problem_has_its_own_message() {
        let cases = "1101051949123100 1101051949123100AX 110105199002300017 \
                     320102202602150013 110105194912310021";
        let errors: Vec<String> = cases.split_whitespace().map(id_error).collect();
        for (i, a) in errors.iter().enumerate() {
            assert!(!a.is_empty() && !errors[i + 1..].contains(a), "{a}");
        }
    }

    #[test]
    fn sex_has_a_label_and_a_code_matching_its_json() {
        assert_eq!(Sex::Female.label(), Text::new("女", "Female"));
        assert_eq!(Sex::Male.label().zh, "男");
        for sex in [Sex::Male, Sex::Female] {
            let json = serde_json::to_string(&sex).unwrap();
            assert_eq!(json, format!("\"{}\"", sex.code()));
        }
    }

    #[test]
    fn valid_credit_codes_are_accepted_in_either_case() {
        let good = "91350100M000100Y43 91350100m000100y43 913100001234500100 91310000123450000Y";
        for s in good.split(' ') {
            assert_eq!(credit_code(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn a_credit_code_with_a_wrong_check_character_is_rejected() {
        assert!(err(credit_code("91350100M000100Y44")).contains("check character"));
        assert!(err(credit_code("91310000123450000X")).contains("check character"));
    }

    #[test]
    fn a_credit_code_with_letters_outside_the_standard_set_is_rejected() {
        for s in "91350100I000100Y43 91350100O000100Y43 91350100M000100Y4-".split(' ') {
            assert!(err(credit_code(s)).contains("never I"), "{s}");
        }
    }

    #[test]
    fn a_credit_code_of_the_wrong_length_is_rejected() {
        assert!(err(credit_code("91350100M000100Y4")).contains("you entered 17"));
    }

    #[test]
    fn mobile_numbers_must_be_eleven_digits_starting_13_to_19() {
        assert_eq!(mobile("13800138000"), Ok(()));
        assert_eq!(mobile(" 19912345678 "), Ok(()));
        let bad = "12800138000 10800138000 1380013800 138001380001 1380013800a 23800138000";
        for s in bad.split(' ') {
            assert!(mobile(s).is_err(), "{s}");
        }
    }

    #[test]
    fn bank_card_numbers_pass_the_luhn_check_and_may_contain_spaces() {
        assert_eq!(bank_card("4111 1111 1111 1111"), Ok(()));
        assert_eq!(bank_card("6222021234567890128"), Ok(()));
        assert_eq!(bank_card("622202123452"), Ok(()));
        assert_eq!(bank_card("6222\u{3000}0212 3456 7890 128"), Ok(()));
        assert_eq!(normalise_digits(" 6222 0212\t34 "), "6222021234");
    }

    #[test]
    fn a_bank_card_number_with_a_typo_is_rejected() {
        assert!(err(bank_card("4111 1111 1111 1112")).contains("not valid"));
        assert!(err(bank_card("6222021234567890182")).contains("not valid"));
    }

    #[test]
    fn a_bank_card_number_of_the_wrong_length_or_with_letters_is_rejected() {
        assert!(err(bank_card("79927398713")).contains("you entered 11"));
        assert!(err(bank_card("62220212345678901234")).contains("you entered 20"));
        assert!(err(bank_card("4111-1111-1111-1111")).contains("only digits"));
    }

    #[test]
    fn postcodes_are_six_digits() {
        assert_eq!(postcode("100871"), Ok(()));
        for s in ["10087", "1008711", "10087a", ""] {
            assert!(postcode(s).is_err(), "{s}");
        }
    }

    #[test]
    fn date_fields_take_iso_dates_only() {
        assert_eq!(date("2026-02-14"), Ok(today()));
        assert!(date("2026-02-30").is_err() && date("14/02/2026").is_err());
    }

    #[test]
    fn constraint_messages_read_naturally_in_both_languages() {
        assert_eq!(too_short(5).zh, "请至少填写5个字");
        assert_eq!(too_short(1).en, "Please enter at least 1 character");
        assert_eq!(too_long(200).en, "Please enter no more than 200 characters");
        assert_eq!(below(18.0).en, "Must be at least 18");
        assert_eq!(above(0.5).zh, "不能大于0.5");
        for t in [required_missing(), not_a_number(), not_an_option()] {
            assert!(!t.zh.is_empty() && !t.en.is_empty());
        }
    }

    #[test]
    fn numbers_are_read_as_typed_and_nothing_else() {
        assert_eq!(decimal("12"), Some(12.0));
        assert_eq!(decimal("0.5"), Some(0.5));
        assert_eq!(decimal("-3.25"), Some(-3.25));
        for refused in [
            "",
            "-",
            ".5",
            "5.",
            "1e5",
            "+5",
            "inf",
            "NaN",
            "1,000",
            " 5",
            "1.2.3",
            "1234567890123456",
        ] {
            assert_eq!(decimal(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn limits_and_sizes_read_naturally() {
        assert_eq!(decimal_text(18.0), "18");
        assert_eq!(decimal_text(0.5), "0.5");
        assert_eq!(decimal_text(12.25), "12.25");
        assert_eq!(decimal_text(-3.0), "-3");
        assert_eq!(megabytes(11 * 1_048_576), "11.0 MB");
        assert_eq!(megabytes(10 * 1_048_576 + 1), "10.0 MB");
        assert_eq!(megabytes(1_572_864), "1.5 MB");
    }
}
