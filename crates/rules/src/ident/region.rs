//! The subjects of the Russian Federation and their two-digit codes, as used in the first two
//! digits of the INN and of the issuing-unit code (код подразделения) and in the
//! application's `region` field (77 Moscow, 78 Saint Petersburg, 50 Moscow Oblast).
//!
//! The codes are those of the FNS directory "Коды субъектов Российской Федерации и иных
//! территорий" (ССРФ), e.g. as published in Приложение № 2 to Приказ ФНС России от 20.05.2022
//! № ЕД-7-21/420@ as amended by Приказ ФНС от 28.10.2022 № ЕД-7-21/988@
//! (<https://consultant.ru/document/cons_doc_LAW_457408/86094de59049f09ec19e7dff6d4e8199ff3d9b78>).
//! 01–79 follow the order of the subjects in the 1992 constitution; 83, 86, 87 and 89 are the
//! autonomous okrugs still in existence; 91 and 92 are Crimea and Sevastopol (2014); 90, 93,
//! 94 and 95 are Zaporozhye Oblast, the Donetsk and Luhansk People's Republics and Kherson
//! Oblast (2022). That makes 89 entries, the number of subjects the constitution lists.
//!
//! Deliberately left out: the codes of the okrugs merged into other subjects in 2005–2008 (80
//! Aga Buryat, 81 Komi-Permyak, 82 Koryak, 84 Taymyr, 85 Ust-Orda Buryat, 88 Evenk; merged into
//! 75, 59, 41, 24, 38 and 24 respectively), and 99 "other territories, including
//! Baikonur", which is no subject. Vehicle-plate codes (102, 116, 750…) and OKATO codes are
//! different numberings and are not accepted here.

use super::{ErrorKind, IdError};
use crate::code::Code;

/// A subject of the Russian Federation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Region {
    /// Two digits, `77`.
    pub code: &'static str,
    /// The official Russian name, `Москва`.
    pub name_ru: &'static str,
    /// The customary English name, `Moscow`.
    pub name_en: &'static str,
}

const fn r(code: &'static str, name_ru: &'static str, name_en: &'static str) -> Region {
    Region {
        code,
        name_ru,
        name_en,
    }
}

/// Every subject, ordered by code.
pub const REGIONS: &[Region] = &[
    r("01", "Республика Адыгея", "Republic of Adygea"),
    r("02", "Республика Башкортостан", "Republic of Bashkortostan"),
    r("03", "Республика Бурятия", "Republic of Buryatia"),
    r("04", "Республика Алтай", "Altai Republic"),
    r("05", "Республика Дагестан", "Republic of Dagestan"),
    r("06", "Республика Ингушетия", "Republic of Ingushetia"),
    r(
        "07",
        "Кабардино-Балкарская Республика",
        "Kabardino-Balkarian Republic",
    ),
    r("08", "Республика Калмыкия", "Republic of Kalmykia"),
    r(
        "09",
        "Карачаево-Черкесская Республика",
        "Karachay-Cherkess Republic",
    ),
    r("10", "Республика Карелия", "Republic of Karelia"),
    r("11", "Республика Коми", "Komi Republic"),
    r("12", "Республика Марий Эл", "Mari El Republic"),
    r("13", "Республика Мордовия", "Republic of Mordovia"),
    r("14", "Республика Саха (Якутия)", "Sakha (Yakutia) Republic"),
    r(
        "15",
        "Республика Северная Осетия — Алания",
        "Republic of North Ossetia–Alania",
    ),
    r("16", "Республика Татарстан", "Republic of Tatarstan"),
    r("17", "Республика Тыва", "Tuva Republic"),
    r("18", "Удмуртская Республика", "Udmurt Republic"),
    r("19", "Республика Хакасия", "Republic of Khakassia"),
    r("20", "Чеченская Республика", "Chechen Republic"),
    r("21", "Чувашская Республика", "Chuvash Republic"),
    r("22", "Алтайский край", "Altai Krai"),
    r("23", "Краснодарский край", "Krasnodar Krai"),
    r("24", "Красноярский край", "Krasnoyarsk Krai"),
    r("25", "Приморский край", "Primorsky Krai"),
    r("26", "Ставропольский край", "Stavropol Krai"),
    r("27", "Хабаровский край", "Khabarovsk Krai"),
    r("28", "Амурская область", "Amur Oblast"),
    r("29", "Архангельская область", "Arkhangelsk Oblast"),
    r("30", "Астраханская область", "Astrakhan Oblast"),
    r("31", "Белгородская область", "Belgorod Oblast"),
    r("32", "Брянская область", "Bryansk Oblast"),
    r("33", "Владимирская область", "Vladimir Oblast"),
    r("34", "Волгоградская область", "Volgograd Oblast"),
    r("35", "Вологодская область", "Vologda Oblast"),
    r("36", "Воронежская область", "Voronezh Oblast"),
    r("37", "Ивановская область", "Ivanovo Oblast"),
    r("38", "Иркутская область", "Irkutsk Oblast"),
    r("39", "Калининградская область", "Kaliningrad Oblast"),
    r("40", "Калужская область", "Kaluga Oblast"),
    r("41", "Камчатский край", "Kamchatka Krai"),
    r(
        "42",
        "Кемеровская область — Кузбасс",
        "Kemerovo Oblast – Kuzbass",
    ),
    r("43", "Кировская область", "Kirov Oblast"),
    r("44", "Костромская область", "Kostroma Oblast"),
    r("45", "Курганская область", "Kurgan Oblast"),
    r("46", "Курская область", "Kursk Oblast"),
    r("47", "Ленинградская область", "Leningrad Oblast"),
    r("48", "Липецкая область", "Lipetsk Oblast"),
    r("49", "Магаданская область", "Magadan Oblast"),
    r("50", "Московская область", "Moscow Oblast"),
    r("51", "Мурманская область", "Murmansk Oblast"),
    r("52", "Нижегородская область", "Nizhny Novgorod Oblast"),
    r("53", "Новгородская область", "Novgorod Oblast"),
    r("54", "Новосибирская область", "Novosibirsk Oblast"),
    r("55", "Омская область", "Omsk Oblast"),
    r("56", "Оренбургская область", "Orenburg Oblast"),
    r("57", "Орловская область", "Oryol Oblast"),
    r("58", "Пензенская область", "Penza Oblast"),
    r("59", "Пермский край", "Perm Krai"),
    r("60", "Псковская область", "Pskov Oblast"),
    r("61", "Ростовская область", "Rostov Oblast"),
    r("62", "Рязанская область", "Ryazan Oblast"),
    r("63", "Самарская область", "Samara Oblast"),
    r("64", "Саратовская область", "Saratov Oblast"),
    r("65", "Сахалинская область", "Sakhalin Oblast"),
    r("66", "Свердловская область", "Sverdlovsk Oblast"),
    r("67", "Смоленская область", "Smolensk Oblast"),
    r("68", "Тамбовская область", "Tambov Oblast"),
    r("69", "Тверская область", "Tver Oblast"),
    r("70", "Томская область", "Tomsk Oblast"),
    r("71", "Тульская область", "Tula Oblast"),
    r("72", "Тюменская область", "Tyumen Oblast"),
    r("73", "Ульяновская область", "Ulyanovsk Oblast"),
    r("74", "Челябинская область", "Chelyabinsk Oblast"),
    r("75", "Забайкальский край", "Zabaykalsky Krai"),
    r("76", "Ярославская область", "Yaroslavl Oblast"),
    r("77", "Москва", "Moscow"),
    r("78", "Санкт-Петербург", "Saint Petersburg"),
    r(
        "79",
        "Еврейская автономная область",
        "Jewish Autonomous Oblast",
    ),
    r("83", "Ненецкий автономный округ", "Nenets Autonomous Okrug"),
    r(
        "86",
        "Ханты-Мансийский автономный округ — Югра",
        "Khanty-Mansi Autonomous Okrug – Yugra",
    ),
    r(
        "87",
        "Чукотский автономный округ",
        "Chukotka Autonomous Okrug",
    ),
    r(
        "89",
        "Ямало-Ненецкий автономный округ",
        "Yamalo-Nenets Autonomous Okrug",
    ),
    r("90", "Запорожская область", "Zaporozhye Oblast"),
    r("91", "Республика Крым", "Republic of Crimea"),
    r("92", "Севастополь", "Sevastopol"),
    r(
        "93",
        "Донецкая Народная Республика",
        "Donetsk People's Republic",
    ),
    r(
        "94",
        "Луганская Народная Республика",
        "Luhansk People's Republic",
    ),
    r("95", "Херсонская область", "Kherson Oblast"),
];

/// The subject with this exact two-digit code.
pub fn find(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|region| region.code == code)
}

/// The subject with this code; surrounding spaces are ignored, but the code must have its
/// two digits (`7` is not `07`). Anything else, a line break included, is `region.unknown`.
pub fn validate(code: &str) -> Result<&'static Region, IdError> {
    find(code.trim_matches(super::is_space))
        .ok_or(IdError::new(ErrorKind::Component, Code::RegionUnknown))
}

/// Whether `validate` accepts it.
pub fn is_valid(code: &str) -> bool {
    validate(code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_two_digit() {
        assert_eq!(REGIONS.len(), 89);
        for pair in REGIONS.windows(2) {
            assert!(pair[0].code < pair[1].code, "{pair:?}");
        }
        for region in REGIONS {
            assert!(region.code.len() == 2 && region.code.bytes().all(|b| b.is_ascii_digit()));
            assert!(!region.name_ru.is_empty() && !region.name_en.is_empty());
        }
    }

    #[test]
    fn the_codes_are_01_to_79_and_the_listed_others() {
        let mut expected: Vec<String> = (1..=79).map(|n| format!("{n:02}")).collect();
        expected
            .extend(["83", "86", "87", "89", "90", "91", "92", "93", "94", "95"].map(String::from));
        let codes: Vec<String> = REGIONS.iter().map(|r| r.code.to_owned()).collect();
        assert_eq!(codes, expected);
    }

    #[test]
    fn finds_and_validates() {
        assert_eq!(find("77").map(|r| r.name_en), Some("Moscow"));
        assert_eq!(
            validate(" 50 ").map(|r| r.name_ru),
            Ok("Московская область")
        );
        assert_eq!(validate("91").map(|r| r.name_en), Ok("Republic of Crimea"));
        let unknown = Err(IdError::new(ErrorKind::Component, Code::RegionUnknown));
        for code in [
            "00", "80", "82", "84", "85", "88", "96", "99", "7", "077", "102", "", "ab",
        ] {
            assert_eq!(validate(code), unknown, "{code}");
        }
        assert!(is_valid("05"));
    }
}
