//! The `index` widget's model: finding one row of a big table by reading every page, or through
//! a B-tree index, and what each index costs a write.
//!
//! **The table.** `rows` rows of `row_bytes` each are stored in pages of `page_bytes` (a page
//! is the unit a database reads from disk: 8 KiB in PostgreSQL, 16 KiB in InnoDB). A page
//! holds `⌊page_bytes / row_bytes⌋` rows, so the table takes `⌈rows / rows per page⌉` pages,
//! and a **full scan** reads every one of them: without an index the database cannot know that
//! no other row matches until it has looked at all of them.
//!
//! **The index** is a B+-tree (Bayer and McCreight, 1972; Comer, 1979) whose every entry is a
//! key and a pointer, each `key_bytes` long, so a page holds `F = ⌊page_bytes / (2 ×
//! key_bytes)⌋` entries: its **fan-out**. The leaves hold one entry per row (the key and where
//! the row lives), packed full; each level above holds one entry per page of the level below,
//! until one page, the root, remains. A tree of height `h` thus holds up to `Fʰ` rows, and its
//! height is the smallest `h ≥ 1` with `Fʰ ≥ rows`. Pages are taken as completely full: real
//! trees leave room for inserts (randomly filled B-tree pages average about 69 % full, Yao
//! 1978), which lowers the fan-out but rarely changes the height.
//!
//! **A lookup through the index** reads one page per level, root to leaf, then the table page
//! that holds the row: `h + 1` pages ([`Figures::lookup_pages`]). A clustered index (InnoDB's
//! primary key) keeps rows in its leaves and skips that last page; the widget counts it.
//!
//! **A write.** Inserting a row changes one table page, plus one leaf page in each of the
//! table's `indexes` indexes (more when a page splits), after reading the `h` pages of each
//! index's path to find that leaf ([`Figures::write_pages`], [`Figures::write_reads`]).
//!
//! Inputs are checked by [`IndexState::set`]; [`figures`](IndexState::figures) is total.

use super::units::{grouped, parse_bytes, parse_quantity, trim};
use super::widget::{Table, UrlState, Widget};

/// Most rows accepted: a trillion.
pub const MAX_ROWS: u64 = 1_000_000_000_000;

/// Smallest page accepted, bytes.
pub const MIN_PAGE: u32 = 512;

/// Largest page accepted, bytes (64 KiB, InnoDB's largest).
pub const MAX_PAGE: u32 = 65_536;

/// Most indexes on the table, for the cost of a write.
pub const MAX_INDEXES: u32 = 5;

names! {
    /// The scenarios the lesson works through.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// 100 million rows of 200 bytes in PostgreSQL's 8 KiB pages, 8-byte keys.
        Postgres = "postgres",
        /// The same table in InnoDB's 16 KiB pages.
        Innodb = "innodb",
        /// A billion rows in 8 KiB pages.
        Billion = "billion",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Postgres => "100 million rows, 8 KiB pages (PostgreSQL)",
            Preset::Innodb => "100 million rows, 16 KiB pages (InnoDB)",
            Preset::Billion => "A billion rows, 8 KiB pages",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> IndexState {
        let base = IndexState { rows: 100_000_000, row_bytes: 200, page_bytes: 8_192, key_bytes: 8, indexes: 1 };
        match self {
            Preset::Postgres => base,
            Preset::Innodb => IndexState { page_bytes: 16_384, ..base },
            Preset::Billion => IndexState { rows: 1_000_000_000, ..base },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query. A scenario is not a
/// field: the state *is* a scenario while its values are the scenario's.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexState {
    /// Rows in the table, 1 to [`MAX_ROWS`] (key `rows`).
    pub rows: u64,
    /// Bytes per row, 1 to `page_bytes` (key `row_bytes`).
    pub row_bytes: u32,
    /// Bytes per page, [`MIN_PAGE`] to [`MAX_PAGE`] (key `page_bytes`).
    pub page_bytes: u32,
    /// Bytes of one key, and of one pointer: at most a quarter of a page, so that a page holds
    /// at least two entries (key `key_bytes`).
    pub key_bytes: u32,
    /// Indexes on the table, 0 to [`MAX_INDEXES`], for the cost of a write (key `indexes`).
    pub indexes: u32,
}

impl Default for IndexState {
    /// A million rows of 200 bytes in 8 KiB pages, 8-byte keys, one index.
    fn default() -> Self {
        IndexState { rows: 1_000_000, row_bytes: 200, page_bytes: 8_192, key_bytes: 8, indexes: 1 }
    }
}

/// One level of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level {
    /// Pages at this level.
    pub pages: u64,
    /// Entries in them: one per row at the leaves, one per page of the level below elsewhere.
    pub entries: u64,
}

/// Everything the widget shows at one state.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Rows a table page holds: `⌊page_bytes / row_bytes⌋`.
    pub rows_per_page: u64,
    /// Pages of the table, all read by a full scan: `⌈rows / rows per page⌉`.
    pub scan_pages: u64,
    /// Entries an index page holds: `⌊page_bytes / (2 × key_bytes)⌋`.
    pub fan_out: u64,
    /// The tree's levels, root first, leaves last.
    pub levels: Vec<Level>,
    /// Pages a lookup through the index reads: one per level, then the table page.
    pub lookup_pages: u64,
    /// Pages of one index, every level.
    pub index_pages: u64,
    /// Pages an insert changes: the table page and one leaf per index.
    pub write_pages: u64,
    /// Index pages an insert reads to find those leaves: a root-to-leaf path per index.
    pub write_reads: u64,
}

impl Figures {
    /// Levels of the tree, root to leaf.
    pub fn height(&self) -> u64 {
        self.levels.len() as u64
    }

    /// How many times fewer pages the index reads than the scan.
    pub fn ratio(&self) -> f64 {
        self.scan_pages as f64 / self.lookup_pages.max(1) as f64
    }
}

/// The levels of a B+-tree with fan-out `fan_out` over `rows` rows, root first: the leaves hold
/// one entry per row, each level above one per page below, until a single page.
pub fn levels(rows: u64, fan_out: u64) -> Vec<Level> {
    let f = fan_out.max(2);
    let mut out = Vec::new();
    let mut entries = rows.max(1);
    loop {
        let pages = entries.div_ceil(f);
        out.push(Level { pages, entries });
        if pages == 1 {
            break;
        }
        entries = pages;
    }
    out.reverse();
    out
}

impl IndexState {
    /// Everything the widget shows (total: any values give figures, clamped into range).
    pub fn figures(&self) -> Figures {
        let page = u64::from(self.page_bytes.max(1));
        let rows = self.rows.max(1);
        let rows_per_page = (page / u64::from(self.row_bytes.max(1))).max(1);
        let fan_out = (page / (2 * u64::from(self.key_bytes.max(1)))).max(2);
        let levels = levels(rows, fan_out);
        let height = levels.len() as u64;
        let indexes = u64::from(self.indexes.min(MAX_INDEXES));
        Figures {
            rows_per_page,
            scan_pages: rows.div_ceil(rows_per_page),
            fan_out,
            index_pages: levels.iter().map(|l| l.pages).sum(),
            lookup_pages: height + 1,
            write_pages: 1 + indexes,
            write_reads: indexes * height,
            levels,
        }
    }

    /// Bytes of the table's pages.
    pub fn table_bytes(&self) -> f64 {
        self.figures().scan_pages as f64 * f64::from(self.page_bytes)
    }
}

/// A whole count within `[lo, hi]`, as people write it (`100M`, `1e9`, `1,000`).
fn whole(text: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    let v = parse_quantity(text).map_err(|e| format!("{what}: {e}"))?;
    if v.fract() != 0.0 || !(lo as f64..=hi as f64).contains(&v) {
        return Err(format!("{what} must be a whole number from {} to {}", grouped(lo as f64), grouped(hi as f64)));
    }
    Ok(v as u64)
}

/// A size in whole bytes within `[lo, hi]` (`8 KiB`, `8192`).
fn size(text: &str, lo: u32, hi: u32, what: &str) -> Result<u32, String> {
    let v = parse_bytes(text).map_err(|e| format!("{what}: {e}"))?;
    if v.fract() != 0.0 || !(f64::from(lo)..=f64::from(hi)).contains(&v) {
        return Err(format!("{what} must be a whole number of bytes from {} to {}", grouped(f64::from(lo)), grouped(f64::from(hi))));
    }
    Ok(v as u32)
}

impl UrlState for IndexState {
    const KEYS: &'static [&'static str] = &["preset", "rows", "row_bytes", "page_bytes", "key_bytes", "indexes"];
    /// The page size first: the row and the key are checked against it.
    const FIRST: &'static [&'static str] = &["page_bytes"];

    /// Sets one field. Counts take `100M`, `1e8`, `100,000,000`; sizes take `8 KiB` or `8192`.
    /// A row must fit in a page, and a page must hold at least two index entries.
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "rows" => self.rows = whole(value, 1, MAX_ROWS, "the number of rows")?,
            "row_bytes" => {
                let page = self.page_bytes;
                self.row_bytes = size(value, 1, page, "a row (it must fit in a page)")?
            }
            "page_bytes" => {
                let page = size(value, MIN_PAGE, MAX_PAGE, "a page")?;
                if page < self.row_bytes {
                    return Err(format!("a page of {} B cannot hold a row of {} B", grouped(f64::from(page)), grouped(f64::from(self.row_bytes))));
                }
                if page < 4 * self.key_bytes {
                    return Err(format!(
                        "a page of {} B cannot hold two index entries of {} B (a key and a pointer of {} B each)",
                        grouped(f64::from(page)),
                        2 * self.key_bytes,
                        self.key_bytes
                    ));
                }
                self.page_bytes = page;
            }
            "key_bytes" => {
                let most = self.page_bytes / 4;
                self.key_bytes = size(value, 1, most, "a key (a page must hold at least two entries of a key and a pointer)")?
            }
            "indexes" => self.indexes = whole(value, 0, u64::from(MAX_INDEXES), "the number of indexes")? as u32,
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "rows" => self.rows.to_string(),
            "row_bytes" => self.row_bytes.to_string(),
            "page_bytes" => self.page_bytes.to_string(),
            "key_bytes" => self.key_bytes.to_string(),
            "indexes" => self.indexes.to_string(),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset);
}

/// A count for people: `2,500,000`.
pub fn count(n: u64) -> String {
    grouped(n as f64)
}

/// The name of level `i` (0 = root) of a tree of `height` levels.
pub fn level_name(i: usize, height: usize) -> String {
    match (i, height) {
        (0, 1) => "Root (also the leaf)".to_string(),
        (0, _) => "Root".to_string(),
        (i, h) if i + 1 == h => format!("Level {} (leaves)", i + 1),
        (i, _) => format!("Level {}", i + 1),
    }
}

impl Widget for IndexState {
    const ID: &'static str = "index";
    const TITLE: &'static str = "Index or full scan";
    const BLURB: &'static str =
        "Count the pages a lookup reads by scanning a table or through a B-tree index, see why the tree stays a few levels tall, and what each index adds to a write.";

    /// The tree level by level, the table, and the two lookups and a write.
    fn twin(&self) -> Option<Table> {
        let f = self.figures();
        let h = f.levels.len();
        let mut rows: Vec<Vec<String>> = f
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let per = l.entries as f64 / l.pages as f64;
                vec![level_name(i, h), count(l.pages), trim((per * 10.0).round() / 10.0), "1".to_string()]
            })
            .collect();
        rows.push(vec!["Table".into(), count(f.scan_pages), count(f.rows_per_page), "1".into()]);
        rows.push(vec!["Lookup through the index".into(), String::new(), String::new(), count(f.lookup_pages)]);
        rows.push(vec!["Lookup by full scan".into(), String::new(), String::new(), count(f.scan_pages)]);
        rows.push(vec![
            format!("Insert with {} index{}: pages changed", self.indexes, if self.indexes == 1 { "" } else { "es" }),
            String::new(),
            String::new(),
            count(f.write_pages),
        ]);
        Some(Table {
            caption: format!(
                "{} rows of {} B in pages of {} B; index entries of 2 × {} B, {} to a page",
                count(self.rows),
                self.row_bytes,
                count(u64::from(self.page_bytes)),
                self.key_bytes,
                count(f.fan_out)
            ),
            head: vec!["Level".into(), "Pages".into(), "Entries per page".into(), "Pages a lookup reads".into()],
            rows,
        })
    }
}

#[cfg(test)]
mod tests;
