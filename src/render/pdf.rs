//! PDF documents: SVG pages converted to vector PDF by svg2pdf, one PDF page per SVG, each as
//! large as its picture. Text stays text (selectable, searchable, extractable by `pdftotext`),
//! drawn with the bundled fonts embedded as subsets, never with the system's, so a PDF is the
//! same on every machine and matches the SVG and PNG of the same page.
//!
//! [`write_pages`] takes any number of pages, so a document of several pictures (a story: a
//! title page, one page per step, a sources page) is made the same way as a single picture.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use pdf_writer::{Content, Finish as _, Name, Pdf, Rect, Ref, TextStr};
use svg2pdf::usvg;

use super::fonts;

/// The largest page side PDF readers accept, in points (200 inches; Acrobat's limit without a
/// user unit). A larger picture is scaled down to fit: it is vector, so nothing is lost.
pub const MAX_PAGE_SIDE: f32 = 14_400.0;

/// The family asked for when an SVG names none we have; the same as the PNG's.
const FALLBACK_FAMILY: &str = "DejaVu Sans";

/// What the document says about itself (the reader's title bar and File › Properties).
#[derive(Clone, Copy, Debug, Default)]
pub struct DocumentInfo<'a> {
    /// The document's title; none when empty.
    pub title: Option<&'a str>,
}

/// The bundled fonts, loaded once. svg2pdf reads SVGs with its own `usvg`, so this is a
/// database of its `fontdb`, not the one the PNG rasteriser uses.
fn font_database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(fonts::REGULAR.to_vec());
            database.load_font_data(fonts::BOLD.to_vec());
            database.set_sans_serif_family(FALLBACK_FAMILY);
            Arc::new(database)
        })
        .clone()
}

/// One SVG document as a one-page PDF.
pub fn svg_to_pdf(svg: &str, info: DocumentInfo<'_>) -> anyhow::Result<Vec<u8>> {
    write_pages(&[svg], info)
}

/// Several SVG documents as one PDF, a page each, in order; each page as large as its SVG
/// (`width` × `height`, in points). An SVG that cannot be read or converted is an error that
/// says which page it was; nothing is returned then.
///
/// Each page embeds the subsets of the fonts it uses. The same pages give the same PDF but
/// for the order of its objects: svg2pdf writes fonts in hash-map order.
pub fn write_pages(pages: &[&str], info: DocumentInfo<'_>) -> anyhow::Result<Vec<u8>> {
    anyhow::ensure!(!pages.is_empty(), "a PDF needs at least one page");
    let options = usvg::Options {
        fontdb: font_database(),
        font_family: FALLBACK_FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    // Text kept as text, with fonts embedded: the point of a PDF over a PNG.
    let conversion = svg2pdf::ConversionOptions {
        embed_text: true,
        ..svg2pdf::ConversionOptions::default()
    };

    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let catalog = alloc();
    let page_tree = alloc();
    let mut pdf = Pdf::new();
    let mut page_refs = Vec::with_capacity(pages.len());
    for (number, svg) in (1..).zip(pages) {
        let what = || {
            if pages.len() == 1 {
                "the picture".to_owned()
            } else {
                format!("page {number}")
            }
        };
        let tree = usvg::Tree::from_str(svg, &options)
            .with_context(|| format!("could not read the SVG of {}", what()))?;
        // svg2pdf makes the picture a form XObject of 1 × 1 point in a chunk of its own
        // (numbered from 1); renumbered, it fits beside the other pages' chunks.
        // svg2pdf asserts some of what it expects of usvg's text layout; should one fail, the
        // export fails with a message rather than taking the program down.
        let converted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            svg2pdf::to_chunk(&tree, conversion)
        }))
        .map_err(|_| anyhow::anyhow!("svg2pdf failed on {}", what()))?;
        let (chunk, xobject) = converted
            .map_err(|error| anyhow::anyhow!("could not convert {} to PDF: {error}", what()))?;
        let mut renumbered = HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(&mut alloc));
        let xobject = *renumbered
            .get(&xobject)
            .context("svg2pdf gave a picture outside its chunk")?;

        let size = tree.size();
        let shrink = (MAX_PAGE_SIDE / size.width().max(size.height())).min(1.0);
        let (width, height) = (size.width() * shrink, size.height() * shrink);
        let page = alloc();
        let content = alloc();
        let picture = Name(b"P");
        let mut page_writer = pdf.page(page);
        page_writer
            .media_box(Rect::new(0.0, 0.0, width, height))
            .parent(page_tree)
            .contents(content);
        page_writer.resources().x_objects().pair(picture, xobject);
        page_writer.finish();
        let mut stream = Content::new();
        stream
            .save_state()
            .transform([width, 0.0, 0.0, height, 0.0, 0.0])
            .x_object(picture)
            .restore_state();
        pdf.stream(content, &stream.finish());
        pdf.extend(&chunk);
        page_refs.push(page);
    }
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree)
        .count(page_refs.len() as i32)
        .kids(page_refs);
    let mut document_info = pdf.document_info(alloc());
    if let Some(title) = info.title.filter(|t| !t.trim().is_empty()) {
        document_info.title(TextStr(title));
    }
    document_info.creator(TextStr("Timelanes"));
    document_info.finish();
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(width: u32, height: u32, text: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" font-family=\"{}\">\
             <rect x=\"10\" y=\"10\" width=\"50\" height=\"20\" fill=\"#336699\"/>\
             <text x=\"20\" y=\"60\" font-size=\"14\">{text}</text>\
             <text x=\"20\" y=\"90\" font-size=\"14\" font-weight=\"bold\">{text}</text></svg>",
            fonts::SVG_FONT_FAMILY
        )
    }

    fn count(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }

    #[test]
    fn a_page_with_text_embeds_the_bundled_fonts() {
        let pdf = svg_to_pdf(
            &page(400, 300, "Ukraine"),
            DocumentInfo {
                title: Some("A title"),
            },
        )
        .expect("converts");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
        assert_eq!(count(&pdf, b"/Type /Page\n"), 1, "one page");
        assert_eq!(count(&pdf, b"/MediaBox [0 0 400 300]"), 1);
        // Real text: a font with its glyphs embedded, and a map back to Unicode for
        // extraction, in both weights.
        assert!(count(&pdf, b"/Type /Font") >= 2);
        assert!(
            count(&pdf, b"/FontFile2") >= 2,
            "the TrueType fonts are embedded"
        );
        assert!(count(&pdf, b"DejaVuSans") >= 2);
        assert!(count(&pdf, b"DejaVuSans-Bold") >= 1);
        assert!(count(&pdf, b"/ToUnicode") >= 2);
        assert!(count(&pdf, b"(A title)") == 1);
    }

    #[test]
    fn several_pages_keep_their_order_and_sizes() {
        let svgs = [
            page(400, 300, "One"),
            page(800, 200, "Two"),
            page(300, 500, "Three"),
        ];
        let pages: Vec<&str> = svgs.iter().map(String::as_str).collect();
        let pdf = write_pages(&pages, DocumentInfo::default()).expect("converts");
        assert_eq!(count(&pdf, b"/Type /Page\n"), 3);
        assert_eq!(count(&pdf, b"/Count 3"), 1);
        let boxes: Vec<usize> = [
            &b"/MediaBox [0 0 400 300]"[..],
            b"/MediaBox [0 0 800 200]",
            b"/MediaBox [0 0 300 500]",
        ]
        .iter()
        .map(|b| {
            pdf.windows(b.len())
                .position(|w| w == *b)
                .expect("page size")
        })
        .collect();
        assert!(boxes.is_sorted(), "pages in order");
    }

    #[test]
    fn a_huge_picture_is_scaled_to_the_largest_page() {
        let pdf =
            svg_to_pdf(&page(16_000, 400, "Wide"), DocumentInfo::default()).expect("converts");
        assert_eq!(count(&pdf, b"/MediaBox [0 0 14400 360]"), 1);
    }

    #[test]
    fn bad_input_is_an_error_that_names_the_page() {
        assert!(write_pages(&[], DocumentInfo::default()).is_err());
        let good = page(100, 100, "ok");
        let error = write_pages(&[&good, "<svg"], DocumentInfo::default()).expect_err("not an SVG");
        assert!(format!("{error:#}").starts_with("could not read the SVG of page 2"));
        let error = svg_to_pdf("not xml", DocumentInfo::default()).expect_err("not an SVG");
        assert!(format!("{error:#}").starts_with("could not read the SVG of the picture"));
    }
}
