//! The region whose national phone numbers the phone detector reads: an ISO 3166-1
//! alpha-2 code libphonenumber has metadata for, told on the command line or read from
//! the member's profile (`Profile.csv` `Geo Location`, "City, Region, Country", or the
//! 2018 `Country` column).
//!
//! A wrong region finds nobody's numbers and calls some references phone numbers, so a
//! place that does not plainly name one country gives no region: metro areas ("Berlin
//! Metropolitan Area"), two-part places whose last part may be a state ("Atlanta,
//! Georgia"), and anything not in the table below.

use phonenumber::country;
use std::fmt;
use std::str::FromStr;

/// A region the phone detector can read national numbers of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region(country::Id);

impl Region {
    /// The region for a two-letter code, in any case (`de`, `NL`); `None` unless
    /// libphonenumber knows it. Only its own ids are tried (no database load), which are
    /// the ISO codes of every region with a numbering plan, plus `AC`, `TA` and `XK`.
    pub fn from_code(code: &str) -> Option<Region> {
        let code = code.trim();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        country::Id::from_str(&code.to_ascii_uppercase())
            .ok()
            .map(Region)
    }

    /// The region a profile's `Geo Location` names: its last comma-separated part (or the
    /// whole text) as a country name, in English or in the country's own language.
    /// Bare two-letter codes are not read: "Dover, DE" is in Delaware.
    pub fn from_place(text: &str) -> Option<Region> {
        let parts: Vec<&str> = text
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let last = parts.last()?;
        let key = fold(last);
        // A name that is also a region of another country is the country only where a
        // region came before it ("Tbilisi, Tbilisi, Georgia"), never in "Atlanta, Georgia".
        if ALSO_A_REGION.contains(&key.as_str()) && parts.len() < 3 {
            return None;
        }
        by_name(&key)
    }

    /// The region of a `Country` value: a two-letter code or a country name.
    pub fn from_country(text: &str) -> Option<Region> {
        let key = fold(text);
        if ALSO_A_REGION.contains(&key.as_str()) {
            return None;
        }
        by_name(&key).or_else(|| Region::from_code(text))
    }

    /// The upper-case code, e.g. `"DE"`.
    pub fn code(&self) -> &str {
        self.0.as_ref()
    }

    /// libphonenumber's id of the region.
    pub(crate) fn id(self) -> country::Id {
        self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Names that are also regions inside another country (Georgia, the US state).
const ALSO_A_REGION: &[&str] = &["georgia"];

fn by_name(key: &str) -> Option<Region> {
    if key.is_empty() {
        return None;
    }
    NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|n| fold(n) == key))
        .and_then(|(code, _)| Region::from_code(code))
}

/// Lower case, accents dropped, `&` as "and", dots and apostrophes removed, hyphens and
/// runs of spaces made one space: "Côte d’Ivoire" and "cote divoire" compare equal.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut push = |piece: &str, out: &mut String| {
        for p in piece.chars() {
            if p == ' ' {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(p);
        }
    };
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'ç' | 'č' | 'ć' => "c",
            'ď' | 'đ' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => "i",
            'ł' | 'ľ' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'ř' => "r",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ť' | 'ţ' | 'ț' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'þ' => "th",
            '&' => " and ",
            '.' | '\'' | '’' | '‘' | '`' | 'ʻ' => "",
            '-' | '–' | '_' => " ",
            c if c.is_whitespace() => " ",
            c => {
                let mut buf = [0u8; 4];
                push(c.encode_utf8(&mut buf), &mut out);
                continue;
            }
        };
        push(plain, &mut out);
    }
    out
}

/// Country names by region: English names (as LinkedIn writes them, and common other
/// English forms), then the country's own names where they differ. Names that stand for
/// two countries ("Congo", "Korea", "Virgin Islands") are left out on purpose.
const NAMES: &[(&str, &[&str])] = &[
    ("AC", &["Ascension Island"]),
    ("AD", &["Andorra"]),
    (
        "AE",
        &["United Arab Emirates", "UAE", "Emirates", "الإمارات"],
    ),
    ("AF", &["Afghanistan"]),
    ("AG", &["Antigua and Barbuda"]),
    ("AI", &["Anguilla"]),
    ("AL", &["Albania", "Shqipëria"]),
    ("AM", &["Armenia", "Hayastan"]),
    ("AO", &["Angola"]),
    ("AR", &["Argentina"]),
    ("AS", &["American Samoa"]),
    ("AT", &["Austria", "Österreich"]),
    ("AU", &["Australia"]),
    ("AW", &["Aruba"]),
    ("AX", &["Åland Islands", "Åland"]),
    ("AZ", &["Azerbaijan", "Azərbaycan"]),
    (
        "BA",
        &["Bosnia and Herzegovina", "Bosnia", "Bosna i Hercegovina"],
    ),
    ("BB", &["Barbados"]),
    ("BD", &["Bangladesh"]),
    ("BE", &["Belgium", "België", "Belgique", "Belgien"]),
    ("BF", &["Burkina Faso"]),
    ("BG", &["Bulgaria", "България"]),
    ("BH", &["Bahrain"]),
    ("BI", &["Burundi"]),
    ("BJ", &["Benin"]),
    ("BL", &["Saint Barthélemy", "St Barthélemy"]),
    ("BM", &["Bermuda"]),
    ("BN", &["Brunei", "Brunei Darussalam"]),
    ("BO", &["Bolivia"]),
    ("BQ", &["Caribbean Netherlands", "Bonaire"]),
    ("BR", &["Brazil", "Brasil"]),
    ("BS", &["Bahamas", "The Bahamas"]),
    ("BT", &["Bhutan"]),
    ("BW", &["Botswana"]),
    ("BY", &["Belarus", "Беларусь"]),
    ("BZ", &["Belize"]),
    ("CA", &["Canada"]),
    ("CC", &["Cocos (Keeling) Islands", "Cocos Islands"]),
    (
        "CD",
        &[
            "Democratic Republic of the Congo",
            "DR Congo",
            "DRC",
            "Congo (DRC)",
            "Congo-Kinshasa",
        ],
    ),
    ("CF", &["Central African Republic"]),
    (
        "CG",
        &[
            "Republic of the Congo",
            "Congo (Republic)",
            "Congo-Brazzaville",
        ],
    ),
    (
        "CH",
        &["Switzerland", "Schweiz", "Suisse", "Svizzera", "Svizra"],
    ),
    ("CI", &["Côte d'Ivoire", "Ivory Coast"]),
    ("CK", &["Cook Islands"]),
    ("CL", &["Chile"]),
    ("CM", &["Cameroon", "Cameroun"]),
    (
        "CN",
        &[
            "China",
            "Mainland China",
            "People's Republic of China",
            "中国",
        ],
    ),
    ("CO", &["Colombia"]),
    ("CR", &["Costa Rica"]),
    ("CU", &["Cuba"]),
    ("CV", &["Cabo Verde", "Cape Verde"]),
    ("CW", &["Curaçao"]),
    ("CX", &["Christmas Island"]),
    ("CY", &["Cyprus", "Κύπρος", "Kıbrıs"]),
    (
        "CZ",
        &["Czechia", "Czech Republic", "Česko", "Česká republika"],
    ),
    ("DE", &["Germany", "Deutschland"]),
    ("DJ", &["Djibouti"]),
    ("DK", &["Denmark", "Danmark"]),
    ("DM", &["Dominica"]),
    ("DO", &["Dominican Republic", "República Dominicana"]),
    ("DZ", &["Algeria", "Algérie", "الجزائر"]),
    ("EC", &["Ecuador"]),
    ("EE", &["Estonia", "Eesti"]),
    ("EG", &["Egypt", "مصر"]),
    ("EH", &["Western Sahara"]),
    ("ER", &["Eritrea"]),
    ("ES", &["Spain", "España"]),
    ("ET", &["Ethiopia"]),
    ("FI", &["Finland", "Suomi"]),
    ("FJ", &["Fiji"]),
    (
        "FK",
        &["Falkland Islands", "Falkland Islands (Islas Malvinas)"],
    ),
    ("FM", &["Micronesia", "Federated States of Micronesia"]),
    ("FO", &["Faroe Islands", "Føroyar"]),
    ("FR", &["France"]),
    ("GA", &["Gabon"]),
    (
        "GB",
        &[
            "United Kingdom",
            "UK",
            "Great Britain",
            "Britain",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
        ],
    ),
    ("GD", &["Grenada"]),
    ("GE", &["Georgia", "Sakartvelo"]),
    ("GF", &["French Guiana", "Guyane"]),
    ("GG", &["Guernsey"]),
    ("GH", &["Ghana"]),
    ("GI", &["Gibraltar"]),
    ("GL", &["Greenland", "Kalaallit Nunaat"]),
    ("GM", &["Gambia", "The Gambia"]),
    ("GN", &["Guinea", "Guinée"]),
    ("GP", &["Guadeloupe"]),
    ("GQ", &["Equatorial Guinea"]),
    ("GR", &["Greece", "Ελλάδα", "Hellas"]),
    ("GT", &["Guatemala"]),
    ("GU", &["Guam"]),
    ("GW", &["Guinea-Bissau"]),
    ("GY", &["Guyana"]),
    ("HK", &["Hong Kong", "Hong Kong SAR", "香港"]),
    ("HN", &["Honduras"]),
    ("HR", &["Croatia", "Hrvatska"]),
    ("HT", &["Haiti"]),
    ("HU", &["Hungary", "Magyarország"]),
    ("ID", &["Indonesia"]),
    ("IE", &["Ireland", "Republic of Ireland", "Éire"]),
    ("IL", &["Israel", "ישראל"]),
    ("IM", &["Isle of Man"]),
    ("IN", &["India", "भारत", "Bharat"]),
    ("IO", &["British Indian Ocean Territory"]),
    ("IQ", &["Iraq", "العراق"]),
    ("IR", &["Iran", "ایران"]),
    ("IS", &["Iceland", "Ísland"]),
    ("IT", &["Italy", "Italia"]),
    ("JE", &["Jersey"]),
    ("JM", &["Jamaica"]),
    ("JO", &["Jordan", "الأردن"]),
    ("JP", &["Japan", "日本"]),
    ("KE", &["Kenya"]),
    ("KG", &["Kyrgyzstan", "Kyrgyz Republic"]),
    ("KH", &["Cambodia"]),
    ("KI", &["Kiribati"]),
    ("KM", &["Comoros"]),
    ("KN", &["Saint Kitts and Nevis", "St Kitts and Nevis"]),
    ("KP", &["North Korea"]),
    (
        "KR",
        &["South Korea", "Republic of Korea", "대한민국", "한국"],
    ),
    ("KW", &["Kuwait", "الكويت"]),
    ("KY", &["Cayman Islands"]),
    ("KZ", &["Kazakhstan", "Қазақстан", "Казахстан"]),
    ("LA", &["Laos", "Lao People's Democratic Republic"]),
    ("LB", &["Lebanon", "لبنان", "Liban"]),
    ("LC", &["Saint Lucia", "St Lucia"]),
    ("LI", &["Liechtenstein"]),
    ("LK", &["Sri Lanka"]),
    ("LR", &["Liberia"]),
    ("LS", &["Lesotho"]),
    ("LT", &["Lithuania", "Lietuva"]),
    ("LU", &["Luxembourg", "Luxemburg", "Lëtzebuerg"]),
    ("LV", &["Latvia", "Latvija"]),
    ("LY", &["Libya", "ليبيا"]),
    ("MA", &["Morocco", "Maroc", "المغرب"]),
    ("MC", &["Monaco"]),
    ("MD", &["Moldova", "Republic of Moldova"]),
    ("ME", &["Montenegro", "Crna Gora"]),
    ("MF", &["Saint Martin", "St Martin"]),
    ("MG", &["Madagascar"]),
    ("MH", &["Marshall Islands"]),
    ("MK", &["North Macedonia", "Северна Македонија"]),
    ("ML", &["Mali"]),
    ("MM", &["Myanmar", "Myanmar (Burma)", "Burma"]),
    ("MN", &["Mongolia"]),
    ("MO", &["Macao", "Macau", "Macao SAR", "澳門"]),
    ("MP", &["Northern Mariana Islands"]),
    ("MQ", &["Martinique"]),
    ("MR", &["Mauritania"]),
    ("MS", &["Montserrat"]),
    ("MT", &["Malta"]),
    ("MU", &["Mauritius"]),
    ("MV", &["Maldives"]),
    ("MW", &["Malawi"]),
    ("MX", &["Mexico"]),
    ("MY", &["Malaysia"]),
    ("MZ", &["Mozambique", "Moçambique"]),
    ("NA", &["Namibia"]),
    ("NC", &["New Caledonia", "Nouvelle-Calédonie"]),
    ("NE", &["Niger"]),
    ("NF", &["Norfolk Island"]),
    ("NG", &["Nigeria"]),
    ("NI", &["Nicaragua"]),
    (
        "NL",
        &["Netherlands", "The Netherlands", "Holland", "Nederland"],
    ),
    ("NO", &["Norway", "Norge", "Noreg"]),
    ("NP", &["Nepal"]),
    ("NR", &["Nauru"]),
    ("NU", &["Niue"]),
    ("NZ", &["New Zealand", "Aotearoa"]),
    ("OM", &["Oman"]),
    ("PA", &["Panama"]),
    ("PE", &["Peru"]),
    ("PF", &["French Polynesia", "Polynésie française"]),
    ("PG", &["Papua New Guinea"]),
    ("PH", &["Philippines", "Pilipinas"]),
    ("PK", &["Pakistan"]),
    ("PL", &["Poland", "Polska"]),
    (
        "PM",
        &["Saint Pierre and Miquelon", "St Pierre and Miquelon"],
    ),
    ("PR", &["Puerto Rico"]),
    (
        "PS",
        &[
            "Palestine",
            "Palestinian Territories",
            "State of Palestine",
            "فلسطين",
        ],
    ),
    ("PT", &["Portugal"]),
    ("PW", &["Palau"]),
    ("PY", &["Paraguay"]),
    ("QA", &["Qatar", "قطر"]),
    ("RE", &["Réunion"]),
    ("RO", &["Romania"]),
    ("RS", &["Serbia", "Srbija", "Србија"]),
    ("RU", &["Russia", "Russian Federation", "Россия"]),
    ("RW", &["Rwanda"]),
    ("SA", &["Saudi Arabia", "المملكة العربية السعودية"]),
    ("SB", &["Solomon Islands"]),
    ("SC", &["Seychelles"]),
    ("SD", &["Sudan"]),
    ("SE", &["Sweden", "Sverige"]),
    ("SG", &["Singapore"]),
    ("SH", &["Saint Helena", "St Helena"]),
    ("SI", &["Slovenia", "Slovenija"]),
    ("SJ", &["Svalbard and Jan Mayen"]),
    ("SK", &["Slovakia", "Slovensko", "Slovak Republic"]),
    ("SL", &["Sierra Leone"]),
    ("SM", &["San Marino"]),
    ("SN", &["Senegal"]),
    ("SO", &["Somalia"]),
    ("SR", &["Suriname"]),
    ("SS", &["South Sudan"]),
    ("ST", &["São Tomé and Príncipe"]),
    ("SV", &["El Salvador"]),
    ("SX", &["Sint Maarten"]),
    ("SY", &["Syria", "Syrian Arab Republic", "سوريا"]),
    ("SZ", &["Eswatini", "Swaziland"]),
    ("TA", &["Tristan da Cunha"]),
    ("TC", &["Turks and Caicos Islands"]),
    ("TD", &["Chad", "Tchad"]),
    ("TG", &["Togo"]),
    ("TH", &["Thailand", "ประเทศไทย"]),
    ("TJ", &["Tajikistan"]),
    ("TK", &["Tokelau"]),
    ("TL", &["Timor-Leste", "East Timor"]),
    ("TM", &["Turkmenistan"]),
    ("TN", &["Tunisia", "Tunisie", "تونس"]),
    ("TO", &["Tonga"]),
    ("TR", &["Türkiye", "Turkey"]),
    ("TT", &["Trinidad and Tobago"]),
    ("TV", &["Tuvalu"]),
    ("TW", &["Taiwan", "台灣", "臺灣"]),
    ("TZ", &["Tanzania"]),
    ("UA", &["Ukraine", "Україна"]),
    ("UG", &["Uganda"]),
    (
        "US",
        &["United States", "United States of America", "USA", "U.S."],
    ),
    ("UY", &["Uruguay"]),
    ("UZ", &["Uzbekistan", "Oʻzbekiston"]),
    ("VA", &["Vatican City", "Holy See", "Vatican"]),
    (
        "VC",
        &[
            "Saint Vincent and the Grenadines",
            "St Vincent and the Grenadines",
        ],
    ),
    ("VE", &["Venezuela"]),
    ("VG", &["British Virgin Islands"]),
    (
        "VI",
        &["U.S. Virgin Islands", "United States Virgin Islands"],
    ),
    ("VN", &["Vietnam", "Viet Nam", "Việt Nam"]),
    ("VU", &["Vanuatu"]),
    ("WF", &["Wallis and Futuna"]),
    ("WS", &["Samoa"]),
    ("XK", &["Kosovo", "Kosova", "Косово"]),
    ("YE", &["Yemen", "اليمن"]),
    ("YT", &["Mayotte"]),
    ("ZA", &["South Africa", "Suid-Afrika"]),
    ("ZM", &["Zambia"]),
    ("ZW", &["Zimbabwe"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Option<Region>) -> Option<String> {
        r.map(|r| r.code().to_string())
    }

    #[test]
    fn every_name_in_the_table_is_a_region_the_phone_library_knows_and_names_one_country() {
        let mut seen: std::collections::BTreeMap<String, &str> = Default::default();
        let mut twice = Vec::new();
        for (c, names) in NAMES {
            assert!(
                Region::from_code(c).is_some(),
                "{c} is not a phonenumber region"
            );
            for n in *names {
                let key = fold(n);
                assert!(!key.is_empty(), "{n}");
                if let Some(other) = seen.insert(key.clone(), c) {
                    twice.push(format!("{n} ({key}): {other} and {c}"));
                }
            }
        }
        assert!(twice.is_empty(), "names that fold to one key: {twice:#?}");
    }

    #[test]
    fn codes_are_read_in_any_case_and_checked_against_the_phone_library() {
        assert_eq!(code(Region::from_code("de")), Some("DE".into()));
        assert_eq!(code(Region::from_code(" NL ")), Some("NL".into()));
        assert_eq!(code(Region::from_code("Gb")), Some("GB".into()));
        // Not ISO codes, or codes with no numbering plan.
        for bad in ["UK", "ZZ", "AQ", "D", "DEU", "1A", "", "ÄB"] {
            assert_eq!(Region::from_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_country_of_a_geo_location_is_its_last_part() {
        let cases = [
            ("Amsterdam, North Holland, Netherlands", Some("NL")),
            ("Berlin, Berlin, Germany", Some("DE")),
            ("Germany", Some("DE")),
            ("London, UK", Some("GB")),
            ("Belfast, Northern Ireland, United Kingdom", Some("GB")),
            ("São Paulo, São Paulo, Brasil", Some("BR")),
            ("Zürich, Zurich, Schweiz", Some("CH")),
            ("Abidjan, Côte d’Ivoire", Some("CI")),
            ("Istanbul, Türkiye", Some("TR")),
            ("istanbul, turkiye", Some("TR")),
            ("Hong Kong SAR", Some("HK")),
            ("  Paris ,  Île-de-France , France  ", Some("FR")),
            ("New York, New York, United States", Some("US")),
            ("Seoul, South Korea", Some("KR")),
            ("Tbilisi, Tbilisi, Georgia", Some("GE")),
        ];
        for (place, want) in cases {
            assert_eq!(code(Region::from_place(place)).as_deref(), want, "{place}");
        }
    }

    #[test]
    fn places_that_do_not_plainly_name_one_country_give_no_region() {
        for place in [
            "Berlin Metropolitan Area",
            "San Francisco Bay Area",
            "Arlington, Virginia",
            // The US state, or the country: cannot tell.
            "Atlanta, Georgia",
            "Georgia",
            // A code could be a state's ("DE" is Delaware).
            "Dover, DE",
            "Korea",
            "Congo",
            "Netherlands / Germany",
            "Remote",
            "",
            " , , ",
        ] {
            assert_eq!(Region::from_place(place), None, "{place}");
        }
    }

    #[test]
    fn a_country_column_takes_codes_and_names() {
        assert_eq!(code(Region::from_country("in")), Some("IN".into()));
        assert_eq!(code(Region::from_country("Netherlands")), Some("NL".into()));
        assert_eq!(code(Region::from_country("UK")), Some("GB".into()));
        assert_eq!(Region::from_country("Unknown"), None);
        assert_eq!(Region::from_country("N/A"), None);
        assert_eq!(Region::from_country("Georgia"), None);
    }

    #[test]
    fn folding_drops_accents_punctuation_and_extra_spaces() {
        assert_eq!(fold("  Côte d’Ivoire "), "cote divoire");
        assert_eq!(fold("U.S.A."), "usa");
        assert_eq!(fold("Guinea-Bissau"), "guinea bissau");
        assert_eq!(fold("Trinidad & Tobago"), "trinidad and tobago");
        assert_eq!(fold("Österreich"), "osterreich");
        assert_eq!(fold("日本"), "日本");
    }
}
