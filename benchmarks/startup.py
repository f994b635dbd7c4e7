"""Start-up cost of `sword code` on one sentence, against loading the spaCy model alone.

    python benchmarks/startup.py [--repeat 3] [--model NAME]

Each measurement is a fresh process (wall time from start to exit, CPU time and peak RSS
from the kernel's accounting of that child): (1) `import spacy; spacy.load(model)`, (2) `echo
SENTENCE | sword code -` with the learned event model and with `--no-model`, for a
sentence the lexicon codes and one it is silent on (where the learned model is loaded and
asked). Each is run --repeat times and the minimum is kept (the machine may be busy with
other work). The bars: `sword code` within the model load + 1 s, and within the model's
RSS + 150 MB. The first run with an empty cache (`sword.cache`: compiled knowledge, actor
tokens, the language detector's tables) is measured once, apart.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

TIME_BAR = 1.0  # seconds over the bare model load
RSS_BAR = 150.0  # MB over the bare model load
RULES_SENTENCE = "Russia and Azerbaijan signed a strategic partnership agreement in Moscow on Tuesday."
MODEL_SENTENCE = "Russia quietly outmanoeuvred Azerbaijan in the gas talks."
SWORD = "from sword.cli import main; import sys; sys.argv[0] = 'sword'; main()"


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time
    cpu: float  # user + system CPU seconds: what other work on the machine disturbs least
    rss_mb: float


def measure(args: list[str], stdin: str = "", env: dict[str, str] | None = None) -> Run:
    """Wall time and peak RSS of one child process."""
    start = time.perf_counter()
    with subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env) as child:
        assert child.stdin is not None and child.stderr is not None
        child.stdin.write(stdin.encode("utf-8"))
        child.stdin.close()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read().decode("utf-8", "replace")
    if child.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}):\n{errors}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def best(args: list[str], stdin: str, repeat: int, env: dict[str, str] | None = None) -> Run:
    runs = [measure(args, stdin, env) for _ in range(repeat)]
    return Run(min(r.seconds for r in runs), min(r.cpu for r in runs),
               min(r.rss_mb for r in runs))


def code_args(model: str | None, learned: bool) -> list[str]:
    args = [sys.executable, "-c", SWORD, "code", "-"]
    if model:
        args += ["--model", model]
    return args if learned else [*args, "--no-model"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: Sword's choice)")
    args = parser.parse_args()

    from sword.coding.parse import installed_models

    model = args.model or installed_models()[0]
    with tempfile.TemporaryDirectory() as empty:
        cold = measure(code_args(args.model, True), RULES_SENTENCE + "\n",
                       {**os.environ, "SWORD_CACHE_DIR": empty})
    bare = best([sys.executable, "-c", f"import spacy; spacy.load({model!r})"], "", args.repeat)
    print(f"spaCy load ({model}): {bare.seconds:.2f} s ({bare.cpu:.2f} s CPU), "
          f"{bare.rss_mb:.0f} MB (minimum of {args.repeat}; bars: +{TIME_BAR:.0f} s, "
          f"+{RSS_BAR:.0f} MB)")
    print(f"{'sword code, one sentence':44} {'time':>7} {'CPU':>7} {'RSS':>7} {'Δtime':>7} "
          f"{'ΔCPU':>7} {'ΔRSS':>7}")
    rows = [("lexicon codes it, learned model on", RULES_SENTENCE, True),
            ("lexicon codes it, --no-model", RULES_SENTENCE, False),
            ("lexicon silent: learned model asked", MODEL_SENTENCE, True),
            ("lexicon silent, --no-model", MODEL_SENTENCE, False)]
    for label, sentence, learned in rows:
        run = best(code_args(args.model, learned), sentence + "\n", args.repeat)
        _row(label, run, bare)
    _row("first run ever (empty cache), model on", cold, bare)


def _row(label: str, run: Run, bare: Run) -> None:
    dt, dcpu, drss = run.seconds - bare.seconds, run.cpu - bare.cpu, run.rss_mb - bare.rss_mb
    verdict = "within" if dt <= TIME_BAR and drss <= RSS_BAR else "OVER"
    print(f"{label:44} {run.seconds:6.2f}s {run.cpu:6.2f}s {run.rss_mb:5.0f}MB {dt:+6.2f}s "
          f"{dcpu:+6.2f}s {drss:+5.0f}MB  {verdict}", flush=True)


if __name__ == "__main__":
    main()
