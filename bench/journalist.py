#!/usr/bin/env python3
"""A journalist's first hour, end to end: the demo plus the Trump tweet archive loaded through the API, then the
questions a reporter asks first, each printed as the request and a summary of what it answered.

    python3 bench/journalist.py              # all 13,000 tweets
    python3 bench/journalist.py --tweets 2000

Starts the service (Release build) in Development on a fresh database with the demo story, takes the development
key it prints, posts every tweet as a statement (the exact instant from the tweet id, the speaker's own Central
offset, externalId twitter:<id>; the two demo tweets come back as 409s pointing at the demo's records), and
reports the archive's broken last row instead of losing it. Needs python3, the .NET SDK and ../shared/data.
Talks only to 127.0.0.1.
"""
import argparse, concurrent.futures, csv, json, os, re, subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TWEETS = os.path.join(ROOT, "..", "shared", "data", "trump-tweets", "trump_tweets.csv")
CENTRAL = ZoneInfo("America/Chicago")


def call(base, method, path, key=None, body=None, accept=None):
    headers = {"Content-Type": "application/json"}
    if key: headers["Authorization"] = f"Bearer {key}"
    if accept: headers["Accept"] = accept
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(), method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def tweets(limit):
    rows, broken = [], []
    with open(TWEETS, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for number, row in enumerate(reader, start=2):
            if len(row) != 5 or not row[4].isdigit():
                broken.append((number, row[:1]))
                continue
            rows.append(row)
    return rows[:limit], broken


def statement(row):
    text, tweet_id = " ".join(row[0].split()), int(row[4])
    utc = datetime.fromtimestamp(((tweet_id >> 22) + 1288834974657) / 1000, tz=timezone.utc)
    local = utc.astimezone(CENTRAL)
    return {"person": "donald-j-trump", "quote": text or "(no text)", "saidAt": local.isoformat(timespec="seconds"), "medium": "tweet",
            "venue": "Twitter (@realDonaldTrump)", "externalId": f"twitter:{tweet_id}",
            "sources": [{"url": f"https://twitter.com/realDonaldTrump/status/{tweet_id}", "publisher": "Twitter"}]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tweets", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=5397)
    args = parser.parse_args()
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(ROOT, "src", "StatementTracker.Api")], check=True, stdout=subprocess.DEVNULL)
    folder = tempfile.mkdtemp(prefix="st-journalist-")
    env = dict(os.environ, ConnectionStrings__StatementTracker=f"Data Source={folder}/j.db", ASPNETCORE_ENVIRONMENT="Development",
               RateLimits__WritePerMinute="0", RateLimits__ReadPerMinute="0")
    dll = os.path.join(ROOT, "src", "StatementTracker.Api", "bin", "Release", "net10.0", "StatementTracker.Api.dll")
    log = open(os.path.join(folder, "service.log"), "w+")
    service = subprocess.Popen(["dotnet", dll, "--urls", f"http://127.0.0.1:{args.port}"], env=env, cwd=os.path.dirname(dll), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except Exception:
                time.sleep(0.2)
        log.seek(0)
        key = re.search(r"Development API key \(admin\): (stk_[A-Za-z0-9_-]+)", log.read()).group(1)

        rows, broken = tweets(args.tweets)
        started = time.perf_counter()
        outcomes = {}
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            for status, _, _ in pool.map(lambda r: call(base, "POST", "/v1/statements", key, statement(r)), rows):
                outcomes[status] = outcomes.get(status, 0) + 1
        seconds = time.perf_counter() - started
        print(f"loaded {len(rows):,} tweets through POST /v1/statements in {seconds:.1f} s ({len(rows) / seconds:,.0f}/s): {outcomes}")
        print(f"rows the archive could not give: {[n for n, _ in broken]} (reported, not lost)")

        def ask(title, path, show, accept=None):
            status, headers, body = call(base, "GET", path, accept=accept)
            print(f"\n# {title}\nGET {path}" + (f"  (Accept: {accept})" if accept else "") + f"\n-> {status} {headers.get('Content-Type', '')}")
            print(show(body))

        page = lambda b: json.loads(b)
        ask("Search 'cyber': both July 2017 tweets, highlighted", "/v1/statements?q=cyber&person=donald-j-trump&from=2017-07-09&to=2017-07-09&tz=America/Chicago",
            lambda b: "\n".join(f"  {i['saidAt']}  {i['highlight']}" for i in page(b)["items"]))
        ask("'Russia' in July 2017, in his own time zone, with facets", "/v1/statements?q=russia&person=donald-j-trump&from=2017-07&to=2017-07&tz=America/Chicago&facets=person,month&limit=3",
            lambda b: f"  total {page(b)['total']}, first: {page(b)['items'][0]['saidAt']} {page(b)['items'][0]['highlight'][:90]}\n  facets: "
                      + json.dumps({k: [(v['value'], v['count']) for v in vs] for k, vs in page(b)['facets'].items()}))
        ask("Everything he said about NATO, oldest first, as a spreadsheet", "/v1/statements?q=nato&person=donald-j-trump&format=csv",
            lambda b: f"  {len(b):,} bytes, {b.decode('utf-8-sig').count(chr(13) + chr(10)) - 1} rows; header: {b.decode('utf-8-sig').splitlines()[0][:100]}...")
        ask("Subscribe to his feed", "/v1/people/donald-j-trump/feed.atom",
            lambda b: f"  {b.decode().count('<entry>')} entries; newest: {re.search(r'<entry>.*?<title>(.*?)</title>', b.decode(), re.S).group(1)[:100]}")
        ask("Who reversed most in 2017", "/v1/reversals?from=2017&to=2017&facets=person,flip",
            lambda b: "  " + json.dumps({k: [(v['value'], v['count']) for v in vs] for k, vs in page(b)['facets'].items()}))
        ask("A mistyped parameter is refused, not ignored", "/v1/people/donald-j-trump/timeline?q=russia",
            lambda b: "  " + json.loads(b)["errors"]["q"][0])
        ask("A search that cannot be read says why", "/v1/statements?q=" + urllib.parse.quote('"cyber unit'),
            lambda b: "  " + json.loads(b)["errors"]["q"][0])
    finally:
        service.kill()


if __name__ == "__main__":
    sys.exit(main())
