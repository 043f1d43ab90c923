#!/usr/bin/env python3
"""Write-path benchmark: does recording a statement cost more for a person with a long history?

For each history size (100 .. 100,000 statements with stances, all by one person), builds a database through
the service's own migrations, fills the history straight through SQL, derives its reversals with the service's
--rebuild-reversals, then times POST /v1/statements with a stance for that person, said at random instants
inside the history (the hard case: each new stance sits between two old ones and both reversals around it
change). All sizes are measured in one run and reported as ratios to the smallest.

By default (--engine both) the same history also goes into a database of a throwaway PostgreSQL cluster
(tools/postgres/cluster.sh, as in bench.py; ANALYZE after the load, VACUUM ANALYZE after the rebuild, as autovacuum
would), both services take the same posts in turns, and the table adds PostgreSQL's times and PostgreSQL/SQLite.
--engine sqlite or postgres measures one engine alone. SQLite's database is not analysed: the service never
analyses its own.

    python3 bench/write_cost.py                         # both engines: 100, 1,000, 10,000, 100,000
    python3 bench/write_cost.py --sizes 100 3000 --posts 60
    python3 bench/write_cost.py --engine sqlite --sizes 100 10000

Needs python3 and the .NET SDK. Talks only to 127.0.0.1 and to the cluster's Unix socket.
"""
import argparse, json, os, random, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import ROOT, STANCES, PostgresCluster, Target, fill, rebuild_reversals, settle, start_service  # noqa: E402

KEY = "stk_bench_write_cost_key_0123456789abcdef"
os.environ["Auth__BootstrapKey"] = KEY                    # writes need a key once API keys are on
os.environ["RateLimits__WritePerMinute"] = "0"            # benchmarks lift the rate limits
os.environ["RateLimits__ReadPerMinute"] = "0"
START_MS = 1_483_228_800_000                              # 2017-01-01T00:00:00Z


def history(count):
    """One person's `count` statements a minute apart, each with a stance on trade: (table, columns, rows) as bench.fill takes."""
    rnd = random.Random(7)
    now = "2026-01-01T00:00:00.000Z"
    statements, sources, positions = [], [], []
    for n in range(count):
        ms = START_MS + n * 60_000
        sid = f"st_{n:016d}"
        iso = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000))
        statements.append((sid, "per_busy", f"On trade, number {n}.", iso + "Z", "second", 4, iso + ".000Z", 0, ms, "interview", "en", now, now))
        sources.append((sid, 0, "https://example.org/transcript"))
        positions.append((sid, "top_trade", rnd.choice(STANCES)))
    named = ("id", "slug", "name", "name_folded", "created_at", "updated_at")
    return [
        ("people", named, [("per_busy", "busy", "Busy", "busy", now, now)]),
        ("topics", named, [("top_trade", "trade", "Trade", "trade", now, now)]),
        ("statements", ("id", "person_id", "quote", "said_at", "date_precision", "precision_rank", "said_at_utc", "utc_offset_min",
                        "sort_utc_ms", "medium", "language", "created_at", "updated_at"), statements),
        ("sources", ("statement_id", "position", "url"), sources),
        ("statement_positions", ("statement_id", "topic_id", "stance"), positions),
    ]


def post(port, body):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/statements", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        response.read()
        assert response.status == 201, response.status
    return (time.perf_counter() - started) * 1000


def measure(size, posts, port, engines, cluster):
    """Median ms of a POST per engine, for a history of `size`: every engine gets the same posts, in turns."""
    folder = tempfile.mkdtemp(prefix="st-write-")
    tables = history(size)
    services = {}
    try:
        for n, engine in enumerate(engines):
            target = Target.sqlite(os.path.join(folder, "bench.db")) if engine == "sqlite" else cluster.create(f"write_{size}")
            start_service(target, port + n).kill()      # migrate an empty database
            time.sleep(0.5)
            fill(target, tables, analyze_sqlite=False)
            rebuild_reversals(target)
            settle(target)
            services[engine] = (start_service(target, port + n), port + n)
        rnd = random.Random(size)
        times = {engine: [] for engine in engines}
        for i in range(posts + 5):
            ms = START_MS + rnd.randrange(size) * 60_000 + 30_000   # between two existing statements
            said = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000))
            body = {"person": "busy", "quote": f"New word on trade {i}.", "saidAt": said, "medium": "interview",
                    "sources": [{"url": "https://example.org/new"}],
                    "positions": [{"topic": "trade", "stance": rnd.choice(STANCES)}]}
            for engine, (_, engine_port) in services.items():
                t = post(engine_port, body)
                if i >= 5:                                          # the first few warm the service up
                    times[engine].append(t)
        return {engine: statistics.median(samples) for engine, samples in times.items()}
    finally:
        for service, _ in services.values():
            service.kill()
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000, 100_000])
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--port", type=int, default=5391)
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    engines = ("sqlite", "postgres") if args.engine == "both" else (args.engine,)
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(ROOT, "src", "StatementTracker.Api")], check=True,
                   stdout=subprocess.DEVNULL)
    cluster = PostgresCluster() if "postgres" in engines else None
    try:
        results = [(size, measure(size, args.posts, args.port, engines, cluster)) for size in args.sizes]
    finally:
        if cluster is not None:
            cluster.stop()
    base = results[0][1]
    if len(engines) == 1:
        engine = engines[0]
        print(f"{'history':>10} {'POST median ms':>15} {'vs smallest':>12}")
        for size, ms in results:
            print(f"{size:>10,} {ms[engine]:>15.2f} {ms[engine] / base[engine]:>12.2f}")
        return
    print(f"median of {args.posts} posts, ms, both engines in turns")
    print("| history | SQLite POST | vs smallest | PostgreSQL POST | vs smallest | PG/SQLite |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, ms in results:
        print(f"| {size:,} | {ms['sqlite']:.2f} | {ms['sqlite'] / base['sqlite']:.2f} | {ms['postgres']:.2f} | "
              f"{ms['postgres'] / base['postgres']:.2f} | {ms['postgres'] / ms['sqlite']:.2f} |")


if __name__ == "__main__":
    main()
