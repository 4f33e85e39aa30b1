"""Turn a folder of HMIP inspection reports into a searchable store.

`index/` knows documents: loading, report metadata, chunking, figures, embedding and the
store. It never sees a question; `qa/` reads what it writes through `index.store.IndexReader`.
"""
