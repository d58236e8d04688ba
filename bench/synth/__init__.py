"""A deterministic generator of realistic synthetic Persian news, for benchmarks.

Pieces, each with one job: ``lexicon`` reads hazm's word lists, ``prose`` writes canonical
sentences from them, ``style`` gives each article a house spelling, ``newsroom`` assembles whole
articles with metadata, ``writers`` puts them on disk, ``queries`` draws benchmark queries.
"""
