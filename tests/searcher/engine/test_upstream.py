"""Upgrading whoosh is a deliberate act: the source of every whoosh method khabar copies,
overrides or reads the private state of is pinned here by hash.

When this fails, whoosh changed under khabar. Read the named method's new source against the
khabar code that depends on it (the right-hand column says where), fix khabar if needed, run
tests/searcher/engine/ (the comparisons with stock whoosh), then put the new hash here.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import pkgutil
from importlib.metadata import version

import pytest

import analyzers
import searcher

# "module:Class.method" → (sha256 of inspect.getsource, the khabar code that relies on it)
PINNED: dict[str, tuple[str, str]] = {
    "whoosh.analysis.tokenizers:Tokenizer.__eq__":
        ("05779f8d186eb2c7a738beafb92520600ba865a040f1b221d6e1a4ff83746ec3",
         "overridden by analyzers.whoosh_analyzer.PersianTokenizer"),
    "whoosh.codec.whoosh3:W3Codec.postings_reader":
        ("339e62c08607b880c30be156b3572a8562b4f2caac84bfd0477d446b2c7988f3",
         "copied in searcher.engine.block_decoding"),
    "whoosh.codec.whoosh3:W3LeafMatcher.__init__":
        ("a1cbbb01622f17ec496eb3a263f23a3318b5fc70c0d65f2ffe04ba7d1535041b",
         "state read by searcher.engine.postings"),
    "whoosh.codec.whoosh3:W3LeafMatcher._goto":
        ("cf5edba3e9484d5719d7e73154584b6d82943de1c0aac22cb3e2432b4e61063f",
         "state read by searcher.engine.postings"),
    "whoosh.codec.whoosh3:W3LeafMatcher._next_block":
        ("2fb1dc5070ec4a68416f73a28b08b33d00e49d14dba1fa34c2d29e477110d5a9",
         "called by searcher.engine.postings"),
    "whoosh.codec.whoosh3:W3LeafMatcher._read_data":
        ("150a9642f8b55013f73ada0009c190e5363aa735e2dc0bcab77aa96f2a49101a",
         "called by searcher.engine.block_decoding"),
    "whoosh.codec.whoosh3:W3LeafMatcher._read_ids":
        ("f8024a90ec60697e56ce17b450f68e5c79d439ccbe3659165b49fbfc9d93c2e5",
         "overridden by searcher.engine.block_decoding.FastLeafMatcher"),
    "whoosh.codec.whoosh3:W3LeafMatcher._read_weights":
        ("124012c8d21aa1a721ae185749dfb20abf55c7a2586473df1132a006616ea6f0",
         "overridden by searcher.engine.block_decoding.FastLeafMatcher"),
    "whoosh.codec.whoosh3:W3TermsReader.matcher":
        ("ae13f88b8e9c879499b2ab2ccdef600f785af4a718d0e67925b91e8d4f371360",
         "copied in searcher.engine.block_decoding"),
    "whoosh.codec.whoosh3:W3PerDocReader.__init__":
        ("78fcbd3fa57eae6e376c3f1f09a053934e2127c869798199920854ecc4530de6",
         "state read by searcher.engine.columns"),
    "whoosh.codec.whoosh3:W3PerDocReader.doc_field_length":
        ("6f6c39c338eb61dc4fb9782d24f125efe3750eeea713ba7ed52a1a4c4a9e76da",
         "what searcher.engine.columns.length_codes reads in one slice"),
    "whoosh.codec.whoosh3:W3PerDocReader.stored_fields":
        ("d1d9a6ccb6f761fcc3afebe4f036e9c6c1e6400b67f21024c01a69df5af6971f",
         "called by searcher.engine.stored_offsets, its column reader cached first"),
    "whoosh.codec.whoosh3:W3PerDocReader.column_reader":
        ("0a38bc312006b767b60dd1572d1a8c3a1cf71c3e635727f3c1ab0a4951386954",
         "called by searcher.engine.stored_offsets"),
    "whoosh.columns:VarBytesColumn.Reader._read_offsets_and_lengths":
        ("9ec2fa8dfc518ef5d700d1bd142a3f65c4819f70f351949c9385985da83db8ba",
         "overridden by searcher.engine.stored_offsets._OffsetsSummedInC"),
    "whoosh.columns:NumericColumn.Writer.add":
        ("2a85e6c730e70c75c22bb2daf89207d753f78c209e31ed2f6d04f4bdf2e67bd3",
         "layout read by searcher.engine.columns.numeric_column"),
    "whoosh.columns:RefBytesColumn.Writer.finish":
        ("fe9da48b4a786ba5deaa307d31d6c51829bc2ab97fb639ae5608608cd77a2107",
         "layout read by searcher.engine.columns.ref_column"),
    "whoosh.columns:RefBytesColumn.Writer._write_uniques":
        ("91f0b1dc3973fc60c87bb299cdfe47bc6ed414038294330fa29ff2a82736e612",
         "layout read by searcher.engine.columns.ref_column"),
    "whoosh.fields:FieldType.index":
        ("66eb1f8682242270457903646098a52817fc56c2c297bdc1e34d87de18ec4087",
         "overridden by searcher.index.schema.ArticleText"),
    "whoosh.filedb.compound:CompoundStorage.__init__":
        ("c4328c7f8823791ec5ec691a05c21a1b7eb831b2f944830b626f4cedc3ff61b3",
         "relied on by searcher.engine.mapped_storage (maps itself unless supports_mmap is False)"),
    "whoosh.filedb.compound:CompoundStorage.open_file":
        ("06f99bb3ffc069f8da86d2e2af739a4deb86abd1ccd465de4c2cfd35169bbfef",
         "relied on by searcher.engine.mapped_storage (asks the file for subset)"),
    "whoosh.filedb.filestore:FileStorage.open_file":
        ("dc6f89e5e80da39b8e8d10e3eed350beb9aaea17934370e13c6281ee0754a3ba",
         "overridden by searcher.engine.mapped_storage.MappedStorage"),
    "whoosh.filedb.structfile:StructFile.__init__":
        ("6778e439e930307607210f57c5882601742001070f759f383daed13a75140b09",
         "overridden by searcher.engine.mapped_storage.MappedFile"),
    "whoosh.filedb.structfile:StructFile.close":
        ("811150f6e9296d7a1428f543e4b15ca561882083c7222547d5c1bf72ca7332ca",
         "overridden by searcher.engine.mapped_storage.MappedFile"),
    "whoosh.filedb.structfile:StructFile.get":
        ("cd491b00c1a2c33f197dbda85d77204ff27fbea664b16131762506c732be60db",
         "overridden by searcher.engine.mapped_storage.MappedFile"),
    "whoosh.filedb.structfile:StructFile.seek":
        ("4235b8e99f0a4397b87c8a54c2c33b9aca154bdfbc5a90c50d21519775cbb805",
         "overridden by searcher.engine.mapped_storage.MappedFile"),
    "whoosh.filedb.structfile:StructFile.subset":
        ("3d58095e5526768243b76cb8b02783c8dde9730bedef46bb03233f0d6511235a",
         "overridden by searcher.engine.mapped_storage.MappedFile"),
    "whoosh.filedb.structfile:StructFile.tell":
        ("7a4074873a1c864318fac6d15094c87d71264437863de544fdb550e0de8d7201",
         "overridden by searcher.engine.mapped_storage.MappedFile"),
    "whoosh.filedb.filestore:FileStorage.rename_file":
        ("6fe94b675a8a41e648fba47dba686f8304675b829654623c61c042e51fc8f700",
         "overridden in searcher.index.directory._signing_storage"),
    "whoosh.matching.binary:AndNotMatcher._find_first":
        ("32985cab39167f961ed5535658107c747f57b82bc641c69a68a475cfdc9b3831",
         "overridden by searcher.engine.exclusion.ExclusionMatcher"),
    "whoosh.matching.binary:AndNotMatcher._find_next":
        ("6581a9ba7778544c1be179980ee03caddc45046fe6da27163048c6538881ed8d",
         "overridden by searcher.engine.exclusion.ExclusionMatcher"),
    "whoosh.query.compound:AndNot.matcher":
        ("f3c044b79fae73cab0a3e3883607a86569782bf06ee01c20194e6cc724486c7d",
         "overridden by searcher.engine.exclusion.AndNot"),
    "whoosh.query.qcore:Query.estimate_min_size":
        ("4842b58fc4c59a6aac851d508fb96f054f8b7447099d0427957abc9abf30cc83",
         "overridden by searcher.engine.spans.InBand"),
    "whoosh.query.qcore:Query.estimate_size":
        ("648bd6da4cac1f656a115cc8753b4617238909358947e168432aec0f5b4e426a",
         "overridden by searcher.engine.spans.InBand"),
    "whoosh.query.qcore:Query.matcher":
        ("fa4fac8fe14da810ab5dee737723e5d4f4ef297d46e40c4669bc1e17d1dd1ca4",
         "overridden by searcher.engine.spans.InBand"),
    "whoosh.query.spans:SpanQuery.__eq__":
        ("317d3d79b29ae345d4416716353643b7ba1c576627a0aa3c661fe109aaaadb11",
         "overridden by searcher.engine.spans.InBand"),
    "whoosh.query.spans:SpanQuery.__hash__":
        ("f28d5d6aba1c416a9c338ec61b2dd38f26e697eb92f914e322d20d964ec52a0a",
         "overridden by searcher.engine.spans.InBand"),
    "whoosh.query.spans:SpanWrappingMatcher.__init__":
        ("b680304a5d8170a9869b9a27d7857a1b7b4bb6698180f2c3e4d590058f843648",
         "overridden by searcher.engine.spans._InBandMatcher"),
    "whoosh.query.spans:SpanWrappingMatcher._replacement":
        ("b398abcf72ca3cd6347bbab8a285ef34f2dcadf6789d37e2410f0e4229d6c1c9",
         "overridden by searcher.engine.spans._InBandMatcher"),
    "whoosh.query.spans:SpanWrappingMatcher.copy":
        ("826331be44923141b694c1ca32379829ccfb27cb0c1aa6ed00a64b4fc8e098f5",
         "overridden by searcher.engine.spans._InBandMatcher"),
    "whoosh.query.spans:WrappingSpan._subm":
        ("d006159de7a8f669001078bc3d31326f63dc0d40eeef5edf82d9652dc7d92dcd",
         "called by searcher.engine.spans"),
    "whoosh.query.spans:WrappingSpan.apply":
        ("66b1d4fd1388d488bf562963dcc91a68963b27b917c10cce09f770858a1d098b",
         "overridden by searcher.engine.spans.InBand"),
    "whoosh.reading:SegmentReader.__init__":
        ("960bfd925f5f8794d995c95d21bd97eb5cefd63e20ac9edc37a64daa92ecfdaf",
         "its _terms: searcher.engine.block_decoding"),
    "whoosh.scoring:BaseScorer.block_quality":
        ("8ec52b4c3ed7a3a23ff39e05421c690a07441b74acaab22e302acba3c506e33a",
         "overridden by searcher.rank.bm25._Scorer"),
    "whoosh.scoring:BaseScorer.max_quality":
        ("39499858cda06ea588648a73a81074153944926ec84c7888e81cfb3334ad6a19",
         "overridden by searcher.rank.bm25._Scorer"),
    "whoosh.scoring:BaseScorer.score":
        ("3ad117bcca03939937139814fcb79270ce78a835fe916f63d4470bc0e6cc150d",
         "overridden by searcher.rank.bm25._Scorer"),
    "whoosh.scoring:BaseScorer.supports_block_quality":
        ("2c43447b0835b5aa3a33c22a80b5749de8e7468518bb969c9c138ae9c2a528cd",
         "overridden by searcher.rank.bm25._Scorer"),
    "whoosh.scoring:WeightingModel.scorer":
        ("ee337e89593264c798f0be4add437a629f1ad687543c8d9cbf6704d1ebf99e56",
         "overridden by searcher.rank.bm25.KhabarBM25"),
    "whoosh.writing:SegmentWriter._flush_segment":
        ("a4b79c8a3687febde7eec7c7cb17a643f6f79bc75cf50ea6a1a9ead97dbc52ea",
         "copied (one change) into searcher.engine.segment_writer.KhabarWriter"),
    "whoosh.writing:SegmentWriter.__init__":
        ("6f5e4c4237ba887e5b8b9f2f9e6ce11a29f44af48350ee54457ab4b575c6f803",
         "overridden by searcher.engine.segment_writer.KhabarWriter"),
    "whoosh.writing:SegmentWriter._close_segment":
        ("f6f69d46aca1a7011b2854b12f05ab60e7b66b6ec42b10c2ac24c88494c5b761",
         "overridden by searcher.engine.segment_writer.KhabarWriter"),
    "whoosh.writing:SegmentWriter._merge_segments":
        ("1b185d375cec1feee532c79182a89b8583735bcc075e139790bc8e54145fcd34",
         "overridden by searcher.engine.segment_writer.KhabarWriter"),
    "whoosh.writing:SegmentWriter.add_reader":
        ("83c2691bb6490477525426fd1c519141fd95d94f8836b6d0a27cfec0575899b1",
         "copied (postings streamed) into searcher.engine.segment_writer.KhabarWriter"),
    "whoosh.writing:SegmentWriter.write_per_doc":
        ("13f1b3ae17989b4749161e18e2326b61804f15723aede9881895d88db221c90f",
         "called by searcher.engine.segment_writer.KhabarWriter.merge_segment"),
    "whoosh.writing:SegmentWriter._process_posts":
        ("3474b19f7f670a8c949093f835fbf531cdf04907ea8b2a98ffafc2a9307cb29d",
         "called by searcher.engine.segment_writer.KhabarWriter"),
    "whoosh.writing:PostingPool.add":
        ("6b73def050008daf723be83316fd03615578ba3ae4beffc296c1d19839395f8e",
         "overridden by searcher.engine.segment_writer.KhabarPool"),
    "whoosh.externalsort:SortingPool._read_run":
        ("54e7f07017c9712ef2d09eacdc19d0000161cbeee6bda0ad2213c70a930ae936",
         "overridden by searcher.engine.segment_writer.KhabarPool"),
    "whoosh.externalsort:SortingPool._write_run":
        ("32c02452baf934a2e7253904046014167c4b6140c4154aa86de842c61b0711b4",
         "overridden by searcher.engine.segment_writer.KhabarPool"),
    "whoosh.filedb.filestore:FileStorage.__init__":
        ("e7638f80066c1b007d8279e47fdb50ed14d653f2eb5d1e6d67804f5e3e2b6546",
         "overridden by searcher.engine.segment_writer._FileReads"),
    "whoosh.writing:SegmentWriter._assemble_segment":
        ("a66d2dcde164c91ff4a596ab0225a7c0e678f28d28afd33afd7a7e98da2448d4",
         "overridden by searcher.engine.segment_writer.KhabarWriter"),
    "whoosh.writing:SegmentWriter.add_document":
        ("399433d1cb30d9d0a7b421000cfb5a8470faaacd9aee84caed9093ec2005beda",
         "overridden (packed fields to arrays) by searcher.engine.segment_writer.KhabarWriter"),
    "whoosh.codec.whoosh3:W3PostingsWriter.add_posting":
        ("09bb36fe5125764de936e43904586cae72837d78a83c2d444ec9dc93a6c6ddd4",
         "what searcher.engine.block_writer.TermBlocks.add does a block at a time"),
    "whoosh.codec.whoosh3:W3PostingsWriter._write_block":
        ("19e3c784208a0cdde95ab2a9709878072ee5828d8844854bdae0eed766644b13",
         "replicated in searcher.engine.block_writer.TermBlocks.add"),
    "whoosh.codec.whoosh3:W3PostingsWriter._new_block":
        ("af610818c72fef4e942b8727444cc04c5bca0df0ae8ec748498d90e5ddfbc10b",
         "replicated in searcher.engine.block_writer.TermBlocks.add"),
    "whoosh.codec.whoosh3:W3PostingsWriter.finish_postings":
        ("d73a95bf811a6541e16b8a8699482b4589b5a32bf72488eb3027b82eee133044",
         "replicated in searcher.engine.block_writer.TermBlocks.add"),
    "whoosh.codec.whoosh3:W3FieldWriter.start_term":
        ("ec3f34231ac58f19ab9fa3a0cda39100f65ca0e01780a591243be7e9dc03b28d",
         "replicated in searcher.engine.block_writer.TermBlocks.add"),
    "whoosh.codec.whoosh3:W3FieldWriter.finish_term":
        ("ead26346d81433a023364710ad29266c30f858f551a68d2515c89a632d30c2f1",
         "replicated in searcher.engine.block_writer.TermBlocks.add"),
    "whoosh.codec.base:FieldWriter.add_postings":
        ("fea6bedbce63a1347afc075b69e7f7e0712031168e23138d8468b3b51623b2f5",
         "called field by field by searcher.engine.segment_writer.KhabarWriter"),
    "whoosh.codec.whoosh3:W3PostingsWriter._mini_ids":
        ("f2287d08ab760c13311e81441140c516d5628da396042d535be48ac69d8f83d7",
         "replicated in searcher.engine.block_writer.TermBlocks.add"),
    "whoosh.codec.whoosh3:W3PostingsWriter._mini_weights":
        ("9471308d1d7d273f55d79783d7c6f03e8f5480ed7ad8f4d7739277ae0fbf2f67",
         "replicated in searcher.engine.block_writer._mini_weights"),
    "whoosh.codec.whoosh3:W3PostingsWriter._mini_values":
        ("2b6770f09266eedc29b06840789885750de5bd81ef0f39ffb7a7679d4027952b",
         "replicated in searcher.engine.block_writer.TermBlocks._mini_values"),
    "whoosh.codec.whoosh3:W3PostingsWriter.start_postings":
        ("6ea6584b08d8b3c6ce9cedf5c2bed55620acc278802b4366d4d07758c66c32fb",
         "replicated in searcher.engine.block_writer.TermBlocks.add"),
    "whoosh.codec.whoosh3:W3TermInfo.add_block":
        ("e483f804944ee312fe1e48186826bffe73599115cc58c739d2eee8e56356ae23",
         "replicated in searcher.engine.block_writer.TermBlocks.add"),
    "whoosh.codec.whoosh3:W3TermInfo.to_bytes":
        ("182103aeda37ce64ff034757366660e100a79061dd75288f40fd483b53e61626",
         "called by searcher.engine.block_writer.TermBlocks.add"),
    "whoosh.codec.whoosh3:W3FieldWriter.__init__":
        ("385c65dcdaa448e94070acf4f7871a725f2ada03ab120de62c6351a672258891",
         "state read by searcher.engine.block_writer.TermBlocks"),
    "whoosh.codec.whoosh3:W3FieldWriter.start_field":
        ("14b57944c4aeaee65eca1e0bc2bebc08cad3248e9e6230824fc91b25ea7a514a",
         "state read by searcher.engine.block_writer.TermBlocks"),
    "whoosh.codec.whoosh3:W3PerDocWriter.add_field":
        ("59ab0cc293f93c84b5cab6633e9a9c82d163f9b14be08af170debfe7778cb167",
         "its stored values replaced by searcher.engine.writer_documents.stored_bytes"),
    "whoosh.codec.whoosh3:W3PerDocWriter.finish_doc":
        ("3c7bda8ce8e2760c7b357a6ceeb8b2ee215a5fd2d56688ebb72b0b63229d6e99",
         "replicated in searcher.engine.writer_documents.stored_bytes"),
    "whoosh.columns:CompressedBytesColumn.Writer.add":
        ("5702f8470a147d15c57eeb5412376994a4f13c7da460ba699f9798565fa6c010",
         "replicated in searcher.engine.writer_documents.stored_bytes"),
    "whoosh.columns:PickleColumn.Writer.add":
        ("a1184006541bf3f4a1ff743b212eb18f551c0329020611e8ea7c7b8e23a16a46",
         "replicated in searcher.engine.writer_documents.stored_bytes"),
    "whoosh.columns:VarBytesColumn.Writer.add":
        ("b8b974d2640c95905bae73dd6611cbc1e912e81855f91f7b8a296d821595faca",
         "called by searcher.engine.writer_documents.add_stored_bytes"),
    "whoosh.filedb.filetables:HashWriter.__init__":
        ("3125fb8449ec634faf494f88f15f09d7d9575e02c966db76d683b522629f58cc",
         "state read by searcher.engine.block_writer._add_entries"),
    "whoosh.filedb.filetables:HashWriter.add":
        ("c156f8f2daba0f27ac923c9be2d11fb8d3cad419d6b5634f91e1de6b829fe3af",
         "replicated in searcher.engine.block_writer._add_entries"),
    "whoosh.filedb.filetables:OrderedHashWriter.add":
        ("a6dc6e9ae8ad6e6d92a2af7b714f55a88ce6e63fac3546504f9c280abb3fa195",
         "replicated in searcher.engine.block_writer._add_entries"),
    "whoosh.filedb.filetables:md5_hash":
        ("c97187d79a7a6108f8ed197389c4be7b4952343c64af06d82ce421d319c8fe7a",
         "replicated in searcher.engine.block_writer._add_entries"),
    "whoosh.util.numlists:GrowableArray.append":
        ("ff1dfcc694d4ad98e9e151a0b1a028eff2ed5f6e54b8f6c2f60ccdfdb929ef0a",
         "replicated in searcher.engine.block_writer._extend"),
}
# Methods khabar copies or whose private state it reads (overrides are found by _overridden).
READ_OR_COPIED = {
    "whoosh.writing:SegmentWriter.add_reader":
        "copied (postings streamed) into searcher.engine.segment_writer.KhabarWriter",
    "whoosh.writing:SegmentWriter.write_per_doc":
        "called by searcher.engine.segment_writer.KhabarWriter.merge_segment",
    "whoosh.writing:SegmentWriter._process_posts":
        "called by searcher.engine.segment_writer.KhabarWriter",
    "whoosh.codec.whoosh3:W3TermsReader.matcher": "copied in searcher.engine.block_decoding",
    "whoosh.codec.whoosh3:W3Codec.postings_reader": "copied in searcher.engine.block_decoding",
    "whoosh.codec.whoosh3:W3LeafMatcher.__init__": "state read by searcher.engine.postings",
    "whoosh.codec.whoosh3:W3LeafMatcher._goto": "state read by searcher.engine.postings",
    "whoosh.codec.whoosh3:W3LeafMatcher._next_block": "called by searcher.engine.postings",
    "whoosh.codec.whoosh3:W3LeafMatcher._read_data": "called by searcher.engine.block_decoding",
    "whoosh.reading:SegmentReader.__init__": "its _terms: searcher.engine.block_decoding",
    "whoosh.query.spans:WrappingSpan._subm": "called by searcher.engine.spans",
    "whoosh.codec.whoosh3:W3PerDocReader.__init__":
        "state read by searcher.engine.columns",
    "whoosh.codec.whoosh3:W3PerDocReader.doc_field_length":
        "what searcher.engine.columns.length_codes reads in one slice",
    "whoosh.codec.whoosh3:W3PerDocReader.stored_fields":
        "called by searcher.engine.stored_offsets, its column reader cached first",
    "whoosh.codec.whoosh3:W3PerDocReader.column_reader": "called by searcher.engine.stored_offsets",
    "whoosh.columns:NumericColumn.Writer.add":
        "layout read by searcher.engine.columns.numeric_column",
    "whoosh.columns:RefBytesColumn.Writer.finish":
        "layout read by searcher.engine.columns.ref_column",
    "whoosh.columns:RefBytesColumn.Writer._write_uniques":
        "layout read by searcher.engine.columns.ref_column",
    "whoosh.filedb.compound:CompoundStorage.__init__":
        "relied on by searcher.engine.mapped_storage (maps itself unless supports_mmap is False)",
    "whoosh.filedb.compound:CompoundStorage.open_file":
        "relied on by searcher.engine.mapped_storage (asks the file for subset)",
    "whoosh.codec.whoosh3:W3PostingsWriter.add_posting":
        "what searcher.engine.block_writer.TermBlocks.add does a block at a time",
    "whoosh.codec.whoosh3:W3PostingsWriter._write_block":
        "replicated in searcher.engine.block_writer.TermBlocks.add",
    "whoosh.codec.whoosh3:W3PostingsWriter._new_block":
        "replicated in searcher.engine.block_writer.TermBlocks.add",
    "whoosh.codec.whoosh3:W3PostingsWriter.finish_postings":
        "replicated in searcher.engine.block_writer.TermBlocks.add",
    "whoosh.codec.whoosh3:W3FieldWriter.start_term":
        "replicated in searcher.engine.block_writer.TermBlocks.add",
    "whoosh.codec.whoosh3:W3FieldWriter.finish_term":
        "replicated in searcher.engine.block_writer.TermBlocks.add",
    "whoosh.codec.base:FieldWriter.add_postings":
        "called field by field by searcher.engine.segment_writer.KhabarWriter",
    "whoosh.codec.whoosh3:W3PostingsWriter._mini_ids":
        "replicated in searcher.engine.block_writer.TermBlocks.add",
    "whoosh.codec.whoosh3:W3PostingsWriter._mini_weights":
        "replicated in searcher.engine.block_writer._mini_weights",
    "whoosh.codec.whoosh3:W3PostingsWriter._mini_values":
        "replicated in searcher.engine.block_writer.TermBlocks._mini_values",
    "whoosh.codec.whoosh3:W3PostingsWriter.start_postings":
        "replicated in searcher.engine.block_writer.TermBlocks.add",
    "whoosh.codec.whoosh3:W3TermInfo.add_block":
        "replicated in searcher.engine.block_writer.TermBlocks.add",
    "whoosh.codec.whoosh3:W3TermInfo.to_bytes":
        "called by searcher.engine.block_writer.TermBlocks.add",
    "whoosh.codec.whoosh3:W3FieldWriter.__init__":
        "state read by searcher.engine.block_writer.TermBlocks",
    "whoosh.codec.whoosh3:W3FieldWriter.start_field":
        "state read by searcher.engine.block_writer.TermBlocks",
    "whoosh.filedb.filestore:FileStorage.rename_file":
        "overridden in searcher.index.directory._signing_storage",
    "whoosh.filedb.filetables:HashWriter.__init__":
        "state read by searcher.engine.block_writer._add_entries",
    "whoosh.filedb.filetables:HashWriter.add":
        "replicated in searcher.engine.block_writer._add_entries",
    "whoosh.filedb.filetables:OrderedHashWriter.add":
        "replicated in searcher.engine.block_writer._add_entries",
    "whoosh.filedb.filetables:md5_hash": "replicated in searcher.engine.block_writer._add_entries",
    "whoosh.util.numlists:GrowableArray.append":
        "replicated in searcher.engine.block_writer._extend",
    "whoosh.codec.whoosh3:W3PerDocWriter.add_field":
        "its stored values replaced by searcher.engine.writer_documents.stored_bytes",
    "whoosh.codec.whoosh3:W3PerDocWriter.finish_doc":
        "replicated in searcher.engine.writer_documents.stored_bytes",
    "whoosh.columns:PickleColumn.Writer.add":
        "replicated in searcher.engine.writer_documents.stored_bytes",
    "whoosh.columns:CompressedBytesColumn.Writer.add":
        "replicated in searcher.engine.writer_documents.stored_bytes",
    "whoosh.columns:VarBytesColumn.Writer.add":
        "called by searcher.engine.writer_documents.add_stored_bytes",
}


def _resolve(name: str) -> object:
    module, _, path = name.partition(":")
    found: object = importlib.import_module(module)
    for part in path.split("."):
        found = getattr(found, part)
    return found


def _digest(name: str) -> str:
    return hashlib.sha256(inspect.getsource(_resolve(name)).encode()).hexdigest()


def _overridden() -> dict[str, str]:
    """Every whoosh method that a class in analyzers/ or searcher/ overrides → that class."""
    found = {}
    for package in (analyzers, searcher):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != info.name:
                    continue
                for attr, value in vars(cls).items():
                    base = next((b for b in cls.__mro__[1:] if attr in vars(b)), None)
                    if inspect.isfunction(value) and base is not None \
                            and base.__module__.startswith("whoosh.") \
                            and inspect.isfunction(vars(base)[attr]):
                        name = f"{base.__module__}:{base.__qualname__}.{attr}"
                        found[name] = f"overridden by {cls.__module__}.{cls.__qualname__}"
    return found


def test_every_relied_on_method_is_pinned() -> None:
    relied_on = _overridden() | READ_OR_COPIED
    missing = sorted(relied_on.keys() - PINNED.keys())
    assert not missing, "pin these whoosh methods in PINNED:\n" + "\n".join(
        f'    "{name}":\n        ("{_digest(name)}",\n         "{relied_on[name]}"),'
        for name in missing)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_upstream_source_is_unchanged(name: str) -> None:
    expected, relied_on_by = PINNED[name]
    assert _digest(name) == expected, (
        f"whoosh's {name} changed upstream (whoosh-reloaded {version('whoosh-reloaded')} "
        f"installed): re-read it against {relied_on_by}, then update its hash in {__file__}")


def test_a_changed_upstream_method_names_itself_and_its_user(
        monkeypatch: pytest.MonkeyPatch) -> None:
    name = "whoosh.writing:SegmentWriter._flush_segment"
    monkeypatch.setitem(PINNED, name, ("0" * 64, PINNED[name][1]))
    with pytest.raises(AssertionError) as failure:
        test_upstream_source_is_unchanged(name)
    assert f"whoosh's {name} changed upstream" in str(failure.value)
    assert "searcher.engine.segment_writer" in str(failure.value)
