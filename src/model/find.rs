//! Finding features by name: any name a feature has (its name, local names in their own
//! scripts, aliases), in any spelling. Names and queries are folded to one key — ASCII by
//! transliteration (`deunicode`: "Құрық" → "quryq", "Bakı" → "baki"), lower case, words
//! separated by single spaces — and ranked by a fuzzy matcher (`nucleo-matcher`).

use super::{FeatureRef, Layer};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Properties that hold other names of a feature.
const OTHER_NAMES: [&str; 10] = [
    "name_local",
    "name_kk",
    "name_ru",
    "name_az",
    "name_ka",
    "name_tr",
    "name_zh",
    "alt_name",
    "aliases",
    "short_name",
];

/// Cyrillic (Russian and Kazakh letters) as planners write these names in Latin: "Құрық" →
/// "kuryk", "Шымкент" → "shymkent". deunicode's own table writes the Kazakh letters
/// differently from the English spellings ("Қ" as "K", "ұ" as "u " with a space), so a name
/// typed in Cyrillic would not find the feature by its English name.
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'і' => "i",
        'к' | 'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' => "u",
        'ф' => "f",
        'х' => "kh",
        'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// The key a name is matched by: transliterated to ASCII, lower case, punctuation as spaces,
/// and "q" read as "k" (Kazakh and Chinese spellings write "Qyzylorda", "Ürümqi").
pub fn fold(name: &str) -> String {
    let mut latin = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            // deunicode writes the Azerbaijani schwa as "@"; planners type it "a" ("Kasik").
            'ə' => latin.push('a'),
            c => match cyrillic(c) {
                Some(s) => latin.push_str(s),
                None => latin.push(c),
            },
        }
    }
    let ascii = deunicode::deunicode(&latin)
        .to_lowercase()
        .replace('q', "k");
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// One name of one feature.
#[derive(Debug, Clone)]
struct Entry {
    r: FeatureRef,
    /// The name as the data writes it.
    name: String,
    key: String,
    /// The feature's own name (not a local name or alias).
    primary: bool,
    /// A place (a point) rather than a line or an area: "Kuryk" is the port before the lane.
    place: bool,
}

/// A feature found, with the name that matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub r: FeatureRef,
    /// The name that matched (a local name or alias when it was not the feature's own).
    pub matched: String,
    pub score: u32,
}

/// How well a name matches, best greatest (fields compared in order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    word: bool,
    place: bool,
    score: u32,
    start: bool,
    primary: bool,
    shorter: std::cmp::Reverse<usize>,
}

/// Every name of the features of some layers, folded once.
#[derive(Debug, Clone, Default)]
pub struct FindIndex {
    entries: Vec<Entry>,
}

impl FindIndex {
    /// The names of `layers`, each given with its index in the map's layer list.
    pub fn build<'a>(layers: impl IntoIterator<Item = (usize, &'a Layer)>) -> Self {
        let mut entries = Vec::new();
        for (li, layer) in layers {
            for (fi, f) in layer.features.iter().enumerate() {
                let r = FeatureRef {
                    layer: li,
                    feature: fi,
                };
                let place = matches!(
                    f.geometry,
                    geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_)
                );
                let mut add = |name: &str, primary: bool| {
                    let key = fold(name);
                    if !key.is_empty() {
                        entries.push(Entry {
                            r,
                            name: name.to_string(),
                            key,
                            primary,
                            place,
                        });
                    }
                };
                add(&f.name, true);
                // Parsing every feature's properties would cost most of the build on a big
                // file; only those that mention another name are read.
                let raw = f.properties_json.get();
                if OTHER_NAMES.iter().any(|k| raw.contains(k)) {
                    let props = f.properties();
                    for k in OTHER_NAMES {
                        match props.get(k) {
                            Some(serde_json::Value::String(s)) if *s != f.name => add(s, false),
                            Some(serde_json::Value::Array(list)) => {
                                for s in list.iter().filter_map(serde_json::Value::as_str) {
                                    add(s, false);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        Self { entries }
    }

    /// How many names are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The features whose names match `query` best, at most `limit`, best first: each
    /// feature once (with its best-matching name). Names with the query at the start of a
    /// word come first, places before lines, then by the matcher's score; on equal scores a
    /// name that starts with the query, then the feature's own name, then the shorter name.
    pub fn find(&self, query: &str, limit: usize) -> Vec<Hit> {
        let q = fold(query);
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let pattern = Pattern::parse(&q, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let at_word = format!(" {q}");
        let mut scored: Vec<(Rank, &Entry)> = self
            .entries
            .iter()
            .filter_map(|e| {
                let score = pattern.score(Utf32Str::Ascii(e.key.as_bytes()), &mut matcher)?;
                let rank = Rank {
                    word: e.key.starts_with(&q) || e.key.contains(&at_word),
                    place: e.place,
                    score,
                    start: e.key.starts_with(&q),
                    primary: e.primary,
                    shorter: std::cmp::Reverse(e.name.len()),
                };
                Some((rank, e))
            })
            .collect();
        scored.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
        let mut out: Vec<Hit> = Vec::new();
        for (Rank { score, .. }, e) in scored {
            if out.iter().any(|h| h.r == e.r) {
                continue;
            }
            out.push(Hit {
                r: e.r,
                matched: e.name.clone(),
                score,
            });
            if out.len() == limit {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_across_case_diacritics_and_scripts() {
        assert_eq!(fold("Kuryk"), "kuryk");
        assert_eq!(fold("Ürümqi"), fold("urumqi"));
        assert_eq!(fold("Bakı"), "baki");
        assert_eq!(fold("Böyük Kəsik"), "boyuk kasik");
        assert_eq!(fold("Құрық"), "kuryk");
        assert_eq!(fold("Қызылорда"), fold("Kyzylorda"));
        assert_eq!(fold("Qyzylorda"), fold("Kyzylorda"));
        assert_eq!(fold("Шымкент"), "shymkent");
        assert_eq!(fold("Алматы"), "almaty");
        assert_eq!(
            fold("Port of Kuryk (Sarzha terminal)"),
            "port of kuryk sarzha terminal"
        );
        assert_eq!(fold("  — "), "");
    }
}
