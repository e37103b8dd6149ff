//! A small PDF writer for documents that are text in lines (the invitation, later the minutes):
//! A4 pages, Helvetica from the 14 standard fonts (nothing embedded, nothing downloaded),
//! Windows-1252 text so that German umlauts, ß, dashes and quotes come out right, line
//! wrapping and page breaks. Characters outside Windows-1252 become "?".

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// A safe upper bound of Helvetica's average glyph width (in em) for wrapping.
const EM_PER_CHAR: f32 = 0.55;

/// One block of a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Text(String),
    /// A numbered line with a right-hand column: "TOP 2.1", the item, the minutes.
    Row {
        number: String,
        text: String,
        right: String,
    },
    Space,
}

/// Windows-1252 bytes of `text`.
fn encode(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '→' => b'>',
            '\t' => b' ',
            _ => b'?',
        })
        .collect()
}

/// Splits `text` into lines of at most `width` points at `size`.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let max = ((width / (size * EM_PER_CHAR)).floor() as usize).max(10);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word = word.to_owned();
            // A word longer than a line (a link) is cut.
            while word.chars().count() > max {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let cut: String = word.chars().take(max).collect();
                word = word.chars().skip(max).collect();
                lines.push(cut);
            }
            let needed =
                line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
            if needed > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}

/// Lays out blocks on pages: each page is a list of (font, size, x, y, text).
type Placed = (bool, f32, f32, f32, String);

fn layout(blocks: &[Block], footer: &str) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = PAGE_HEIGHT - MARGIN;
    let bottom = MARGIN + 24.0;
    let text_width = PAGE_WIDTH - 2.0 * MARGIN;
    let put = |pages: &mut Vec<Vec<Placed>>, y: &mut f32, height: f32, items: Vec<Placed>| {
        if *y - height < bottom {
            pages.push(Vec::new());
            *y = PAGE_HEIGHT - MARGIN;
        }
        *y -= height;
        let page = pages.last_mut().expect("a page");
        for (bold, size, x, _, text) in items {
            page.push((bold, size, x, *y, text));
        }
    };
    for block in blocks {
        match block {
            Block::Title(text) => {
                for line in wrap(text, 18.0, text_width) {
                    put(
                        &mut pages,
                        &mut y,
                        24.0,
                        vec![(true, 18.0, MARGIN, 0.0, line)],
                    );
                }
            }
            Block::Heading(text) => {
                put(&mut pages, &mut y, 8.0, Vec::new());
                for line in wrap(text, 13.0, text_width) {
                    put(
                        &mut pages,
                        &mut y,
                        18.0,
                        vec![(true, 13.0, MARGIN, 0.0, line)],
                    );
                }
            }
            Block::Text(text) => {
                for line in wrap(text, 11.0, text_width) {
                    put(
                        &mut pages,
                        &mut y,
                        15.0,
                        vec![(false, 11.0, MARGIN, 0.0, line)],
                    );
                }
            }
            Block::Row {
                number,
                text,
                right,
            } => {
                let indent = 64.0;
                let right_width = 60.0;
                let lines = wrap(text, 11.0, text_width - indent - right_width);
                for (i, line) in lines.into_iter().enumerate() {
                    let mut items = vec![(false, 11.0, MARGIN + indent, 0.0, line)];
                    if i == 0 {
                        items.push((true, 11.0, MARGIN, 0.0, number.clone()));
                        items.push((
                            false,
                            11.0,
                            PAGE_WIDTH - MARGIN - right_width + 8.0,
                            0.0,
                            right.clone(),
                        ));
                    }
                    put(&mut pages, &mut y, 15.0, items);
                }
            }
            Block::Space => put(&mut pages, &mut y, 10.0, Vec::new()),
        }
    }
    let count = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        page.push((
            false,
            9.0,
            MARGIN,
            MARGIN,
            format!("{footer} – Seite {} von {count}", index + 1),
        ));
    }
    pages
}

/// The PDF for `blocks`, with `title` in the document information.
pub fn render(title: &str, blocks: &[Block], footer: &str) -> Vec<u8> {
    let pages = layout(blocks, footer);
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first_page = 6;
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(first_page + 2 * i32::try_from(i).unwrap_or(0)))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(i32::try_from(page_ids.len()).unwrap_or(1));
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Gremium"));
    for (id, name) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(id)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (page, id) in pages.iter().zip(&page_ids) {
        let content_id = Ref::new(id.get() + 1);
        let mut writer = pdf.page(*id);
        writer
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(content_id);
        let mut resources = writer.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular);
        fonts.pair(Name(b"F2"), bold);
        fonts.finish();
        resources.finish();
        writer.finish();
        let mut content = Content::new();
        for (is_bold, size, x, y, text) in page {
            content.begin_text();
            content.set_font(Name(if *is_bold { b"F2" } else { b"F1" }), *size);
            content.next_line(*x, *y);
            content.show(Str(&encode(text)));
            content.end_text();
        }
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_text_is_windows_1252() {
        assert_eq!(
            encode("Größe – „ok“ €"),
            b"Gr\xf6\xdfe \x96 \x84ok\x93 \x80".to_vec()
        );
        assert_eq!(encode("日"), b"?".to_vec());
    }

    #[test]
    fn long_text_wraps_and_breaks_pages() {
        let lines = wrap(&"Wort ".repeat(100), 11.0, 200.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| l.chars().count() <= 33), "{lines:?}");
        let blocks: Vec<Block> = (0..120)
            .map(|i| Block::Row {
                number: format!("TOP {i}"),
                text: "Ein Tagesordnungspunkt".into(),
                right: "10 Min.".into(),
            })
            .collect();
        let pages = layout(&blocks, "Test");
        assert!(pages.len() >= 3, "{}", pages.len());
        assert!(
            pages
                .last()
                .unwrap()
                .iter()
                .any(|p| p.4.contains("Seite 3 von"))
        );
    }

    #[test]
    fn renders_a_pdf() {
        let bytes = render("Einladung", &[Block::Title("Einladung".into())], "Gremium");
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.ends_with(b"%%EOF") || bytes.ends_with(b"%%EOF\n"));
    }
}
