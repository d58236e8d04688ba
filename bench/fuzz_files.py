"""File-mutation fuzzer: byte-level mutations of article files of every format khabar reads,
indexed beside a good neighbour. Each mutated file must be indexed or skipped with a reason,
the neighbour must always be found, and nothing may raise.

    .venv/bin/python bench/fuzz_files.py --files 10000 --big-line-mb 200   # the recorded run
    .venv/bin/python bench/fuzz_files.py --files 300 --big-line-mb 3       # a quick look

Seeds (written here, own text): a news-site page, plain text, a JSON object, a JSON array, JSON
Lines, Windows-1256 text, UTF-16 with and without a byte-order mark. Mutations: bit flips,
truncation at every 97th byte, inserted NUL bytes, a wrong encoding (the text re-encoded under
another codec's byte-order mark or name), and one single line of ``--big-line-mb`` MB.
Prints one JSON summary.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGE = """۴۲
اقتصادی:

صادرات پسته ایران در هفت ماه نخست امسال بیست درصد افزایش یافت

رئیس انجمن پسته امروز در نشستی خبری گفت: صادرات پسته به کشورهای همسایه و اروپا رشد کرده است.
کد خبر: ۸۴۸۹۱۲۳۴
۱۰:۱۵ - ۲۲ آبان ۱۴۰۲
به گزارش خبرگزاری ایرنا، رئیس انجمن پسته افزود: خشکسالی و کم‌آبی کشاورزان کرمان را نگران کرده و برای حفظ باغ‌ها باید آبیاری قطره‌ای گسترش یابد.
وی گفت قیمت هر کیلو پسته در بازار داخلی در ماه گذشته ثابت مانده است.
انتهای خبر
منبع: ایرنا
ارسال نظرات
"""
PLAIN = """بارش برف راه‌های کوهستانی شمال را بست

پلیس راه از مسدود شدن جاده چالوس و هراز به دلیل بارش سنگین برف خبر داد و از رانندگان خواست
بدون زنجیر چرخ به سفر نروند. هواشناسی برای فردا نیز بارش برف و باران پیش‌بینی کرده است.
"""
RECORD = {"id": "seed-1", "title": "افتتاح نمایشگاه کتاب تهران با حضور ناشران خارجی",
          "lead": "سی و پنجمین نمایشگاه بین‌المللی کتاب تهران امروز گشایش یافت.",
          "body": "در این دوره بیش از دو هزار ناشر داخلی و خارجی حضور دارند و بخش کودک و نوجوان "
                  "گسترش یافته است. ساعت بازدید تا ده شب تمدید شد.",
          "source": "ایسنا", "published": "2023-05-10T10:00:00+03:30", "tags": ["کتاب", "فرهنگ"]}


def seeds() -> dict[str, bytes]:
    """One file of every format khabar reads, by name."""
    records = [dict(RECORD, id=f"seed-{n}", title=f"{RECORD['title']} {n}") for n in range(3)]
    return {
        "page.txt": PAGE.encode("utf-8"),
        "plain.txt": PLAIN.encode("utf-8"),
        "bom.txt": codecs.BOM_UTF8 + PLAIN.encode("utf-8"),
        "record.json": json.dumps(RECORD, ensure_ascii=False).encode("utf-8"),
        "array.json": json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8"),
        "lines.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode(),
        "windows.txt": PLAIN.replace("پ", "پ").encode("cp1256", "replace"),
        "utf16bom.txt": PAGE.encode("utf-16"),
        "utf16le.txt": PLAIN.encode("utf-16-le"),
    }


def _bit_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def _nuls(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        out[rng.randint(0, len(out)):0] = b"\x00" * rng.randint(1, 3)
    return bytes(out)


def _wrong_encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace") if not data.startswith((codecs.BOM_UTF16_LE,
                                                                    codecs.BOM_UTF16_BE)) else \
        data.decode("utf-16")
    return rng.choice([
        lambda: codecs.BOM_UTF16_LE + text.encode("utf-8"),        # a BOM that lies
        lambda: codecs.BOM_UTF8 + text.encode("cp1256", "replace"),
        lambda: text.encode("utf-16-be")[1:],                      # UTF-16 off by one byte
        lambda: text.encode("cp1256", "replace") + "، پایان".encode(),  # two in one
        lambda: text.encode("utf-32-le"),
        lambda: text.encode("mac_arabic", "replace"),
    ])()


def mutations(seed_bytes: dict[str, bytes], rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) forever: truncations at every 97th byte of each seed, then random bit
    flips, NULs and wrong encodings."""
    for name, data in seed_bytes.items():
        for cut in range(0, len(data), 97):
            yield f"cut{cut}-{name}", data[:cut]
    number = 0
    while True:
        name, data = rng.choice(list(seed_bytes.items()))
        kind, mutate = rng.choice([("flip", _bit_flips), ("nul", _nuls),
                                   ("enc", _wrong_encoding)])
        number += 1
        yield f"{kind}{number}-{name}", mutate(data, rng)


def big_line(path: Path, megabytes: int) -> None:
    """One JSON Lines record whose body is a single line of ``megabytes`` MB."""
    sentence = "قیمت نفت در بازارهای جهانی امروز افزایش یافت و "
    chunk = sentence * (1024 * 1024 // len(sentence.encode("utf-8")))
    with path.open("w", encoding="utf-8") as out:
        out.write('{"id": "big", "title": "خط بلند", "body": "')
        for _ in range(megabytes):
            out.write(chunk)
        out.write('"}\n')


NEIGHBOUR = "neighbour.txt"
MARKER = "زعفران"  # in the neighbour only


def fuzz(files: int, batch: int, seed: int, big_line_mb: int, workdir: Path) -> dict:
    """Index ``files`` mutated files in batches of ``batch`` (each batch its own folder and
    index, with the good neighbour); the summary counts."""
    from searcher.index.opened import OpenedIndex
    from searcher.index.run import index_paths
    from searcher.rank.search import search

    rng = random.Random(seed)
    stream = mutations(seeds(), rng)
    counts = {"files": 0, "indexed": 0, "skipped": 0, "tracebacks": 0, "unaccounted": 0,
              "neighbour_lost": 0, "problems": 0, "batches": 0}
    reasons: dict[str, int] = {}
    started = time.perf_counter()
    batch_number = 0
    while counts["files"] < files or (big_line_mb and batch_number == 0):
        batch_number += 1
        folder = workdir / f"batch{batch_number}"
        folder.mkdir(parents=True)
        (folder / NEIGHBOUR).write_text(f"{MARKER} کرمان رکورد صادرات را شکست.\n", "utf-8")
        written = 0
        while written < batch and counts["files"] + written < files:
            name, data = next(stream)
            (folder / f"{written:05d}-{name}").write_bytes(data)
            written += 1
        if big_line_mb and batch_number == 1:
            big_line(folder / "big.jsonl", big_line_mb)
            written += 1
        try:
            report = index_paths([folder], folder / ".index", jobs=0)
        except Exception:  # the fuzzer's whole point: count what escapes
            counts["tracebacks"] += 1
            print(f"TRACEBACK in {folder}:\n{traceback.format_exc()}", file=sys.stderr)
            counts["files"] += written
            continue
        with OpenedIndex(folder / ".index") as opened:
            if search(opened, MARKER).total != 1:
                counts["neighbour_lost"] += 1
        mutated_indexed = report.new - 1  # the neighbour is new too
        counts["indexed"] += mutated_indexed
        counts["skipped"] += len(report.skipped)
        counts["problems"] += len(report.problems)
        counts["unaccounted"] += written - mutated_indexed - len(report.skipped) - report.ignored
        for skipped in report.skipped:
            key = skipped.reason.split("(")[0].split(" at ")[0][:60]
            reasons[key] = reasons.get(key, 0) + 1
        counts["files"] += written
        counts["batches"] += 1
        shutil.rmtree(folder)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    counts["skip_reasons"] = dict(sorted(reasons.items(), key=lambda kv: -kv[1])[:12])
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=500, help="mutated files per index")
    parser.add_argument("--seed", type=int, default=97)
    parser.add_argument("--big-line-mb", type=int, default=200,
                        help="a single JSON Lines line this big (0: none)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="khabar-fuzz-files-"))
    try:
        summary = {"machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} CPUs",
                   "python": platform.python_version(), "load": os.getloadavg(),
                   "seed": args.seed, "big_line_mb": args.big_line_mb}
        summary |= fuzz(args.files, args.batch, args.seed, args.big_line_mb, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    failed = summary["tracebacks"] or summary["neighbour_lost"] or summary["unaccounted"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
