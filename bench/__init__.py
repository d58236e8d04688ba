"""Runnable benchmarks for khabar and the synthetic inputs they run on."""
