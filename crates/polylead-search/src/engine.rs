//! The shared machinery of both indexes: the English analyzer, turning user text into query
//! words, and a small in-RAM BM25 index of documents with a few weighted text fields.
//!
//! User text never reaches tantivy's query parser: it is run through the same analyzer as the
//! documents, and the query is built from the resulting terms, so quotes, colons, `AND`/`OR`,
//! brackets or emoji are just text.

use std::collections::BTreeSet;

use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};
use tantivy::{DocAddress, DocId, DocSet, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::SearchError;

const TOKENIZER: &str = "polylead_en";
/// The fast field holding a document's ord.
const ORD: &str = "ord";

/// At most this many distinct words of a query are searched for; the rest are ignored, which
/// bounds the cost of a pasted page of text.
pub const MAX_QUERY_WORDS: usize = 32;

/// Tokens longer than this (in bytes) are dropped: they are not words.
const MAX_TOKEN_BYTES: usize = 40;

/// Lucene's English stop words plus the words every request is phrased with ("we want to …",
/// "who can …"): they would only add noise to the ranking and the explanations.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
    "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    // Request phrasing.
    "i", "we", "us", "our", "me", "my", "you", "your", "want", "wants", "would", "like", "should", "could", "can", "do",
    "does", "how", "what", "who", "whom", "which", "about", "need", "needs", "please", "knows", "know",
];

/// The analyzer shared by documents and queries: split on anything that is not a letter or
/// digit, drop over-long tokens, lower-case, fold accents, drop stop words, stem (English).
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(STOP_WORDS.iter().map(|word| (*word).to_owned())))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The distinct stems of a text, in order of first appearance, each with the word as the user
/// wrote it (for explanations).
#[derive(Clone, Debug)]
pub struct Words {
    /// `(stem, word as written)`.
    pub terms: Vec<(String, String)>,
}

impl Words {
    /// Analyses `text`. Blank text is an error; text without any searchable word (only stop
    /// words, punctuation or emoji) gives no words, and so no matches.
    pub fn of_query(analyzer: &mut TextAnalyzer, text: &str) -> Result<Words, SearchError> {
        if text.trim().is_empty() {
            return Err(SearchError::EmptyText);
        }
        let mut terms: Vec<(String, String)> = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while terms.len() < MAX_QUERY_WORDS && stream.advance() {
            let token = stream.token();
            if terms.iter().any(|(stem, _)| *stem == token.text) {
                continue;
            }
            let written = text.get(token.offset_from..token.offset_to).unwrap_or(&token.text).to_lowercase();
            terms.push((token.text.clone(), written));
        }
        Ok(Words { terms })
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when the analysed `text` shares a stem with these words.
    pub fn occur_in(&self, analyzer: &mut TextAnalyzer, text: &str) -> bool {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            if self.terms.iter().any(|(stem, _)| *stem == stream.token().text) {
                return true;
            }
        }
        false
    }

    /// The words as written whose stems occur in `text`, in query order.
    pub fn found_in(&self, analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stems = BTreeSet::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            stems.insert(stream.token().text.clone());
        }
        self.terms.iter().filter(|(stem, _)| stems.contains(stem)).map(|(_, written)| written.clone()).collect()
    }
}

/// One ranked document: its position in the build order, its score, and for each field (by
/// position in the field list) the indexes into [`Words::terms`] found in it.
#[derive(Clone, Debug)]
pub struct Hit {
    pub ord: u32,
    pub score: f32,
    pub fields: Vec<Vec<usize>>,
}

/// An in-RAM BM25 index of documents numbered 0.. in build order, each with the same list of
/// text fields, each field with a boost.
pub struct TextIndex {
    /// The index is never changed after it is built, so one searcher serves every search.
    searcher: Searcher,
    fields: Vec<(Field, f32)>,
    /// Each segment's column of ords.
    ords: Vec<Column<u64>>,
    /// True when ords ascend with document addresses (one segment, the usual case): then
    /// tantivy's tie-break (ascending address) is ours (ascending ord).
    in_ord_order: bool,
    analyzer: TextAnalyzer,
    len: usize,
}

/// Memory the index writer may use before it writes a segment: large enough that an
/// organisation's index is one segment (the arena grows only as needed).
const WRITER_BUDGET_BYTES: usize = 1 << 30;

impl TextIndex {
    /// Indexes `docs`, each a list of texts per field (in the order of `fields`; a field may
    /// hold several texts). Document `n` of the iterator gets ord `n`.
    pub fn build<I>(fields: &[(&str, f32)], docs: I) -> Result<TextIndex, SearchError>
    where
        I: IntoIterator<Item = Vec<Vec<String>>>,
    {
        TextIndex::build_in_segments(fields, docs, usize::MAX)
    }

    /// [`TextIndex::build`], committing a segment every `per_segment` documents (for tests).
    fn build_in_segments<I>(fields: &[(&str, f32)], docs: I, per_segment: usize) -> Result<TextIndex, SearchError>
    where
        I: IntoIterator<Item = Vec<Vec<String>>>,
    {
        let mut builder = Schema::builder();
        let text_options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(TOKENIZER).set_index_option(IndexRecordOption::WithFreqs),
        );
        let schema_fields: Vec<(Field, f32)> =
            fields.iter().map(|(name, boost)| (builder.add_text_field(name, text_options.clone()), *boost)).collect();
        let ord_field = builder.add_u64_field(ORD, FAST);
        let index = Index::create_in_ram(builder.build());
        index.tokenizers().register(TOKENIZER, analyzer());

        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_BUDGET_BYTES)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let mut len = 0usize;
        for (ord, texts) in docs.into_iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_u64(ord_field, ord as u64);
            for ((field, _), values) in schema_fields.iter().zip(texts) {
                for value in values {
                    doc.add_text(*field, value);
                }
            }
            writer.add_document(doc)?;
            len = ord + 1;
            if len.is_multiple_of(per_segment) {
                writer.commit()?;
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let searcher = reader.searcher();
        let ords = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64(ORD))
            .collect::<Result<Vec<_>, _>>()?;
        let mut in_order = ords
            .iter()
            .zip(searcher.segment_readers())
            .flat_map(|(column, segment)| (0..segment.max_doc()).map(|doc| column.first(doc).unwrap_or(u64::MAX)));
        let in_ord_order = (0..len as u64).all(|ord| in_order.next() == Some(ord));
        Ok(TextIndex { searcher, fields: schema_fields, ords, in_ord_order, analyzer: analyzer(), len })
    }

    /// A fresh analyzer (analysing needs `&mut`, and searches may run on several threads).
    pub fn analyzer(&self) -> TextAnalyzer {
        self.analyzer.clone()
    }

    /// How many documents were indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The best `limit` documents for `words`, by BM25 score (the sum over fields, each
    /// weighted by its boost), ties broken by ascending ord, with the words found per field.
    pub fn search(&self, words: &Words, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let limit = limit.min(self.len);
        if limit == 0 || words.is_empty() {
            return Ok(Vec::new());
        }
        let query = self.query(words);
        let mut wanted = limit;
        let top = loop {
            let top = self.searcher.search(&query, &TopDocs::with_limit(wanted).order_by_score())?;
            if self.in_ord_order {
                break top;
            }
            // Tantivy breaks ties by document address, which here is not ord order: widen the
            // net until every document tied with the last one kept is in it.
            let cut = top.get(limit - 1).map(|(score, _)| *score);
            let last = top.last().map(|(score, _)| *score);
            if top.len() < wanted || wanted >= self.len || cut != last {
                break top;
            }
            wanted = wanted.saturating_mul(4).min(self.len);
        };
        let mut hits = top
            .into_iter()
            .map(|(score, address)| Ok((score, self.ord_of(address)?, address)))
            .collect::<Result<Vec<_>, SearchError>>()?;
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.truncate(limit);
        hits.into_iter()
            .map(|(score, ord, address)| Ok(Hit { ord, score, fields: self.found(address, words)? }))
            .collect()
    }

    fn query(&self, words: &Words) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in &self.fields {
            for (stem, _) in &words.terms {
                let term = TermQuery::new(Term::from_field_text(*field, stem), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(term), *boost))));
            }
        }
        BooleanQuery::new(clauses)
    }

    fn ord_of(&self, address: DocAddress) -> Result<u32, SearchError> {
        let column = self.ords.get(address.segment_ord as usize);
        let ord = column.and_then(|column| column.first(address.doc_id));
        ord.and_then(|ord| u32::try_from(ord).ok()).ok_or(SearchError::Corrupt("a document without its number"))
    }

    /// For each field, which of `words` the document holds.
    fn found(&self, address: DocAddress, words: &Words) -> Result<Vec<Vec<usize>>, SearchError> {
        let segment = self.searcher.segment_reader(address.segment_ord);
        let mut found = Vec::with_capacity(self.fields.len());
        for (field, _) in &self.fields {
            let inverted = segment.inverted_index(*field)?;
            let mut in_field = Vec::new();
            for (position, (stem, _)) in words.terms.iter().enumerate() {
                let term = Term::from_field_text(*field, stem);
                let postings =
                    inverted.read_postings(&term, IndexRecordOption::Basic).map_err(tantivy::TantivyError::from)?;
                if postings.is_some_and(|mut postings| holds(&mut postings, address.doc_id)) {
                    in_field.push(position);
                }
            }
            found.push(in_field);
        }
        Ok(found)
    }
}

/// True when a fresh posting list holds `doc` (`seek` must not go backwards).
fn holds(postings: &mut impl DocSet, doc: DocId) -> bool {
    let first = postings.doc();
    if first >= doc {
        return first == doc;
    }
    postings.seek(doc) == doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Words {
        Words::of_query(&mut analyzer(), text).unwrap()
    }

    fn stems(text: &str) -> Vec<String> {
        words(text).terms.into_iter().map(|(stem, _)| stem).collect()
    }

    #[test]
    fn queries_become_distinct_stems() {
        assert_eq!(stems("We want to change the Night-Shift rotas"), ["chang", "night", "shift", "rota"]);
        assert_eq!(stems("hiring HIRE hires"), ["hire"]);
        assert_eq!(stems("the and of"), Vec::<String>::new());
        let long = format!("{} end", "x".repeat(MAX_TOKEN_BYTES + 1));
        assert_eq!(stems(&long), ["end"]);
        assert!(matches!(Words::of_query(&mut analyzer(), " \n"), Err(SearchError::EmptyText)));
        // The written form is kept for explanations.
        assert_eq!(words("Rotas!").terms, [("rota".to_owned(), "rotas".to_owned())]);
    }

    /// Ten documents with the same text, so every search is one big tie.
    fn twins(per_segment: usize) -> TextIndex {
        let docs = (0..10).map(|_| vec![vec!["night rota".to_owned()]]);
        TextIndex::build_in_segments(&[("text", 1.0)], docs, per_segment).unwrap()
    }

    fn ords(index: &TextIndex, limit: usize) -> Vec<u32> {
        index.search(&words("rota"), limit).unwrap().into_iter().map(|hit| hit.ord).collect()
    }

    #[test]
    fn ties_come_in_ord_order_in_one_segment() {
        let index = twins(usize::MAX);
        assert!(index.in_ord_order);
        assert_eq!(ords(&index, 3), [0, 1, 2]);
    }

    #[test]
    fn ties_come_in_ord_order_across_segments() {
        let mut index = twins(3);
        assert_eq!(index.searcher.segment_readers().len(), 4);
        // Whatever order tantivy keeps the segments in, the ties are ordered by ord.
        index.in_ord_order = false;
        assert_eq!(ords(&index, 3), [0, 1, 2]);
        assert_eq!(ords(&index, 10), (0..10).collect::<Vec<_>>());
        assert_eq!(ords(&index, 1), [0]);
    }

    #[test]
    fn hits_say_which_words_each_field_holds() {
        let docs = vec![
            vec![vec!["Night rota".to_owned()], vec!["budget".to_owned()]],
            vec![vec!["Budget".to_owned()], vec!["night shifts".to_owned(), "rota".to_owned()]],
        ];
        let index = TextIndex::build(&[("a", 2.0), ("b", 1.0)], docs).unwrap();
        let hits = index.search(&words("rota night budget"), 5).unwrap();
        let found: Vec<(u32, Vec<Vec<usize>>)> = hits.into_iter().map(|hit| (hit.ord, hit.fields)).collect();
        // Document 0 has rota and night in the boosted field; words are indexed in query order.
        assert_eq!(found, [(0, vec![vec![0, 1], vec![2]]), (1, vec![vec![2], vec![0, 1]])]);
    }
}
