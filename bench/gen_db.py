#!/usr/bin/env python3
"""A realistic SQLite database for bench/run.sh, deterministic from a seed, filled straight through SQL.

The service's own importer records about 900 records a second: far too slow for a million statements. So the schema
comes from the service itself (`--rebuild-reversals` on an empty file migrates it and exits), the rows go in with
plain INSERTs in big transactions, and the service derives what it derives (`--rebuild-reversals` again: every
reversal from the stances and links). The full-text index fills through the schema's own triggers. Every record gets
its first revision, in the shape the service writes (action "create", the record's editable state as JSON), so the
history endpoints and "as recorded" reads see data like a database that grew through the API.

The data:
  - people: size / 200 of them, at least 100 and at most 5,000; statements spread over them like Zipf (rank k gets
    a share in proportion to 1/k), so at 1,000,000 the busiest has about 110,000 statements and most have a few dozen;
  - statements from 2009 to 2025, one person's spread over the whole span, 85 % dated to the second (with the
    speaker's UTC offset), the rest to the day, month or year; media, venues, external ids, one or two sources each;
  - text: the Trump tweet archive and the LIAR2 claims from ../shared/data when there (LIAR2 claims as paraphrases
    with a PolitiFact review), synthetic English sentences otherwise; about 8 % in French, German, Spanish, Russian
    or Arabic; one rare phrase ("impenetrable cyber") said exactly once;
  - topics: 6 parents with 4 sub-topics each; a third of the statements take a stance on one of the speaker's
    favourite topics (sometimes two), each speaker's stance on a topic kept with p=0.85 or changed (so reversals
    exist), a fifth are about a topic without a stance;
  - links to the speaker's own earlier statements: reverses (1 %), walks_back (0.5 %), repeats (1 %, with the same
    words), and responds_to anyone's recent statement (0.5 %).

No ANALYZE is run: the service never runs one, so a database that grew through it has no planner statistics either.

    python3 bench/gen_db.py --size 10000 --out /tmp/x.db       # normally run.sh calls generate() and caches the file
"""
import argparse, calendar, csv, glob, hashlib, json, os, random, shutil, sqlite3, subprocess, sys, time, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data")
TWEETS = os.path.join(DATA, "trump-tweets", "trump_tweets.csv")
LIAR2 = [os.path.join(DATA, "liar2", name) for name in ("test.csv", "valid.csv")]
DLL = os.path.join(ROOT, "src", "StatementTracker.Api", "bin", "Release", "net10.0", "StatementTracker.Api.dll")
MIGRATIONS = os.path.join(ROOT, "db", "migrations", "sqlite")

STANCES = ["supports", "leans_support", "undecided", "leans_oppose", "opposes"]
PARENTS = {
    "economy": ["trade", "taxes", "jobs", "tariffs"],
    "foreign-policy": ["russia", "china", "nato", "us-russia-cyber-unit"],
    "health": ["health-care", "medicare", "drug-prices", "vaccines"],
    "immigration": ["border-wall", "asylum", "daca", "visas"],
    "environment": ["climate", "energy", "coal", "water"],
    "justice": ["guns", "policing", "courts", "prisons"],
}
MEDIA = ["tweet"] * 12 + ["speech"] * 3 + ["interview"] * 3 + ["press_conference"] * 2 + ["statement", "press_release", "debate",
                                                                                             "op_ed", "social_post", "testimony"]
VENUES = ["Fox News", "CNN", "a rally in Ohio", "the Senate floor", "the White House briefing room", "NBC's Meet the Press",
          "a town hall in Iowa", "Twitter", "a press conference in Brussels", "the Economic Club of New York"]
PUBLISHERS = ["Associated Press", "Reuters", "The New York Times", "The Washington Post", "C-SPAN", "Politico", "BBC News",
              "Le Monde", "Der Spiegel", "El País"]
OFFSETS = [-300, -300, -240, -360, -420, 0, 60, 60, 120, 180, 330, -180]   # minutes: a person's own clock
RATINGS = [("True", "true"), ("Mostly True", "mostly_true"), ("Half True", "half_true"), ("Mostly False", "mostly_false"),
           ("False", "false"), ("Pants on Fire", "pants_on_fire")]
FIRST = ["Donald", "Hillary", "Bernie", "Nancy", "Mitch", "Elizabeth", "Ted", "Marco", "Kamala", "Joe", "Chuck", "Lindsey",
         "Alexandria", "Rand", "Susan", "Mike", "Ron", "Gavin", "Greg", "Pete", "Amy", "Cory", "Tulsi", "Beto", "Ilhan",
         "François", "Angela", "Emmanuel", "José", "Zoë", "Søren", "Renée", "Jürgen", "Inés", "Björn", "Chloé", "Ramón"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
        "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson",
        "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "Müller", "Dupré", "Núñez", "Ødegaard",
        "Schröder", "Léger", "Peña", "Åberg"]
OTHER_LANGUAGES = {
    "fr": "le la les nous vous ils président gouvernement loi pays commerce frontière impôts santé accord jamais toujours "
          "très peuple emploi élection Russie Chine sécurité réforme demain aujourd'hui contre pour",
    "de": "der die das wir ihr sie Präsident Regierung Gesetz Land Handel Grenze Steuern Gesundheit Abkommen niemals immer "
          "sehr Volk Arbeit Wahl Russland China Sicherheit Reform morgen heute gegen für",
    "es": "el la los nosotros ellos presidente gobierno ley país comercio frontera impuestos salud acuerdo nunca siempre "
          "muy pueblo empleo elección Rusia China seguridad reforma mañana hoy contra para",
    "ru": "мы вы они президент правительство закон страна торговля граница налоги здоровье соглашение никогда всегда "
          "очень народ работа выборы Россия Китай безопасность реформа завтра сегодня против для",
    "ar": "نحن أنتم هم الرئيس الحكومة القانون البلد التجارة الحدود الضرائب الصحة الاتفاق أبدا دائما جدا الشعب العمل "
          "الانتخابات روسيا الصين الأمن الإصلاح غدا اليوم ضد من أجل",
}
SYNTHETIC_WORDS = ("the we our deal great people country trade jobs never will very bad tremendous border taxes china russia "
                   "media fake news win again today tonight meeting president congress vote plan cut").split()
RARE_TEXT = ("Putin & I discussed forming an impenetrable Cyber Security unit so that election hacking, & many other "
             "negative things, will be guarded..")
RARE_PHRASE = "impenetrable cyber"
START_MS = 1_230_768_000_000          # 2009-01-01T00:00:00Z
END_MS = 1_767_139_200_000            # 2025-12-31T00:00:00Z
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
GENERATOR_VERSION = 1                 # bump when the data changes in a way the cache key would not see


def schema_key():
    """The schema version (the last migration's number) and a hash of the migrations and of this generator: a cached
    database is reused only while both are what made it."""
    files = sorted(glob.glob(os.path.join(MIGRATIONS, "*.sql")))
    digest = hashlib.sha256()
    for path in files + [os.path.abspath(__file__)]:
        with open(path, "rb") as f:
            digest.update(f.read())
    version = os.path.basename(files[-1]).split("_")[0] if files else "0"
    return f"v{int(version)}-{digest.hexdigest()[:10]}"


def fold(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def iso_ms(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + ".%03dZ" % (ms % 1000)


def corpus(rnd):
    """(text, kind) pairs: kind 'tweet', 'liar2' (a paraphrase with a rating) or 'synthetic'; and what text it is."""
    texts = []
    if os.path.exists(TWEETS):
        with open(TWEETS, newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                if len(row) != 5 or not row[4].isdigit():
                    continue  # the header, and the archive's last line, cut off mid-record
                text = " ".join(row[0].split())
                if text and "impenetrable" not in text.lower():  # the rare phrase is said once, on purpose
                    texts.append((text, "tweet", None))
    for path in LIAR2:
        if os.path.exists(path):
            with open(path, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    text = " ".join((row.get("statement") or "").split())
                    if text and "impenetrable" not in text.lower() and row.get("label", "").isdigit():
                        texts.append((text, "liar2", int(row["label"])))
    kind = "real text (Trump tweet archive and LIAR2)" if texts else "synthetic text"
    if not texts:
        for _ in range(20_000):
            words = " ".join(rnd.choice(SYNTHETIC_WORDS) for _ in range(rnd.randint(6, 30)))
            texts.append((words.capitalize() + ".", "synthetic", None))
    return texts, kind


class Ids:
    """Ids shaped like the service's (prefix, 16 Crockford base32 characters), from the seeded generator."""

    def __init__(self, rnd):
        self.rnd = rnd

    def new(self, prefix):
        bits = self.rnd.getrandbits(80)
        return prefix + "_" + "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(16))


def people_counts(size, people):
    """Statements per person, Zipf-like with exponent 1: rank k gets size/(k*H) (at least 1), the rest to the top."""
    weights = [1 / k for k in range(1, people + 1)]
    total = sum(weights)
    counts = [max(1, int(size * w / total)) for w in weights]
    k = 0
    while sum(counts) < size:
        counts[k % people] += 1
        k += 1
    while sum(counts) > size:  # only when size < people: take from the tail
        j = max(i for i, c in enumerate(counts) if c > 0)
        counts[j] -= 1
    return counts


def migrate(db, dll):
    """The service migrates an empty file and exits: --rebuild-reversals runs the migrations first, then has nothing to derive."""
    env = dict(os.environ, ConnectionStrings__StatementTracker=f"Data Source={db}", ASPNETCORE_ENVIRONMENT="Production",
               StatementTracker__SeedDemoData="false", Logging__LogLevel__Default="Warning")
    subprocess.run(["dotnet", dll, "--rebuild-reversals"], env=env, cwd=os.path.dirname(dll), check=True, stdout=subprocess.DEVNULL)


def fill(db, size, seed, log=print):
    rnd = random.Random(seed)
    ids = Ids(random.Random(seed + 1))
    texts, text_kind = corpus(random.Random(seed + 2))
    people = min(5000, max(100, size // 200))
    counts = people_counts(size, people)

    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")   # this connection only: the file keeps WAL, the service checks it
    con.execute("PRAGMA cache_size = -1000000")
    con.execute("BEGIN")
    recorded_by = "bench"
    # The search index fills through a trigger per row, about eight times slower than one 'rebuild' at the end
    # (measured side by side on 10,000 rows). The trigger is dropped for the fill and made again from its own saved
    # SQL, in the same transaction, so the schema ends exactly as the migrations left it.
    fts_trigger = con.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'statements_fts_insert'").fetchone()[0]
    con.execute("DROP TRIGGER statements_fts_insert")

    # People: the busiest first (rank 1), each with a clock, favourite topics and a stance per topic as it goes.
    person_rows, revisions = [], []
    children = [c for cs in PARENTS.values() for c in cs]
    topic_ids = {}
    topic_rows = []
    created0 = iso_ms(START_MS - 86_400_000)
    for parent, cs in PARENTS.items():
        for slug, parent_slug in [(parent, None)] + [(c, parent) for c in cs]:
            tid = ids.new("top")
            topic_ids[slug] = tid
            name = slug.replace("-", " ").title().replace("Us ", "US ")
            topic_rows.append((tid, slug, name, fold(name), None, topic_ids.get(parent_slug), created0, created0, 1))
            revisions.append(("topic", tid, 1, "create", created0, recorded_by, None,
                              json.dumps({"name": name, "slug": slug, "description": None, "parent": parent_slug}, separators=(",", ":")),
                              None, None, None, None, 0))
    con.executemany("INSERT INTO topics (id, slug, name, name_folded, description, parent_id, created_at, updated_at, revision) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", topic_rows)

    persons = []
    for rank in range(people):
        if rank == 0:
            name = "Donald J. Trump"
        else:
            name = f"{FIRST[rank % len(FIRST)]} {LAST[(rank // len(FIRST)) % len(LAST)]}"
            if rank >= len(FIRST) * len(LAST):
                name += f" {rank // (len(FIRST) * len(LAST)) + 1}"
        slug = "-".join(fold(name).replace(".", "").replace("'", "").split())
        pid = ids.new("per")
        description = f"A speaker made up for the benchmark, rank {rank + 1} by statements."
        person_rows.append((pid, slug, name, fold(name), description, None, created0, created0, 1))
        revisions.append(("person", pid, 1, "create", created0, recorded_by, None,
                          json.dumps({"name": name, "slug": slug, "aliases": [], "description": description, "wikidataId": None},
                                     separators=(",", ":")), None, None, None, None, 0))
        persons.append({"id": pid, "slug": slug, "offset": -300 if rank == 0 else rnd.choice(OFFSETS), "favourites": rnd.sample(children, rnd.randint(3, 6)),
                        "stance": {}, "recent": [], "language": "en" if rank == 0 or rank % 13 else rnd.choice(list(OTHER_LANGUAGES))})
    con.executemany("INSERT INTO people (id, slug, name, name_folded, description, wikidata_id, created_at, updated_at, revision) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", person_rows)

    # Who speaks in each time slot: every person's count, shuffled, so each history spans the whole period.
    slots = [rank for rank, c in enumerate(counts) for _ in range(c)]
    rnd.shuffle(slots)
    rare_at = size // 2
    slots[rare_at] = 0          # the rare phrase is the busiest person's
    step = (END_MS - START_MS) / size
    other_words = {lang: words.split() for lang, words in OTHER_LANGUAGES.items()}

    stmt_sql = """INSERT INTO statements (id, person_id, quote, summary, said_at, date_precision, precision_rank, said_at_utc,
                  utc_offset_min, sort_utc_ms, medium, venue, language, external_id, created_at, updated_at, revision, recorded_by, wording)
                  VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"""
    rev_sql = """INSERT INTO revisions (entity_type, entity_id, revision, action, recorded_at, recorded_by, reason, snapshot,
                 person_id, sort_utc_ms, precision_rank, medium, retracted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
    con.executemany(rev_sql, revisions)
    revisions = []
    statements, sources, positions, about, links, reviews = [], [], [], [], [], []
    global_recent = []
    counters = {"statements": 0, "positions": 0, "links": 0, "reviews": 0, "sources": 0, "about": 0}
    started = time.perf_counter()

    def flush():
        con.executemany(stmt_sql, statements)
        con.executemany("INSERT INTO sources (statement_id, position, url, title, publisher) VALUES (?, ?, ?, ?, ?)", sources)
        con.executemany("INSERT INTO statement_positions (statement_id, topic_id, stance) VALUES (?, ?, ?)", positions)
        con.executemany("INSERT INTO statement_topics (statement_id, topic_id) VALUES (?, ?)", about)
        con.executemany("INSERT INTO links (id, statement_id, target_id, relation, note, created_at, revision, recorded_by) "
                        "VALUES (?, ?, ?, ?, NULL, ?, 1, ?)", links)
        con.executemany("""INSERT INTO reviews (id, statement_id, publisher_name, publisher_key, publisher_url, url, rating,
                           normalised_rating, created_at, updated_at, revision, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)""", reviews)
        con.executemany(rev_sql, revisions)
        counters["statements"] += len(statements); counters["positions"] += len(positions); counters["links"] += len(links)
        counters["reviews"] += len(reviews); counters["sources"] += len(sources); counters["about"] += len(about)
        for rows in (statements, sources, positions, about, links, reviews, revisions):
            rows.clear()

    for n, rank in enumerate(slots):
        p = persons[rank]
        sid = ids.new("st")
        ms = int(START_MS + n * step + rnd.random() * step * 0.9) // 1000 * 1000
        # The words: the person's language mostly; English ones from the corpus; the rare phrase once.
        wording, rating = "exact", None
        language = p["language"] if rnd.random() < 0.9 else ("en" if p["language"] != "en" else rnd.choice(list(OTHER_LANGUAGES)))
        if n == rare_at:
            quote, language = RARE_TEXT, "en"
        elif language == "en":
            quote, kind, label = texts[rnd.randrange(len(texts))]
            if kind == "liar2":
                wording, rating = "paraphrase", RATINGS[label]
        else:
            words = other_words[language]
            quote = " ".join(rnd.choice(words) for _ in range(rnd.randint(6, 24))).capitalize() + "."
        # When: mostly to the second in the person's clock; else a day, a month or a year (UTC).
        r = rnd.random()
        if r < 0.85:
            off = p["offset"]
            local = time.gmtime(ms / 1000 + off * 60)
            sign, a = ("+" if off >= 0 else "-"), abs(off)
            said_at = time.strftime("%Y-%m-%dT%H:%M:%S", local) + ("Z" if off == 0 else f"{sign}{a // 60:02d}:{a % 60:02d}")
            precision, prank, said_utc, utc_off, sort = "second", 4, iso_ms(ms), off, ms
        else:
            t = time.gmtime(ms / 1000)
            if r < 0.95:
                said_at, precision, prank = time.strftime("%Y-%m-%d", t), "day", 2
                sort = ms - ms % 86_400_000
            elif r < 0.98:
                said_at, precision, prank = time.strftime("%Y-%m", t), "month", 1
                sort = calendar.timegm((t.tm_year, t.tm_mon, 1, 0, 0, 0)) * 1000
            else:
                said_at, precision, prank = time.strftime("%Y", t), "year", 0
                sort = calendar.timegm((t.tm_year, 1, 1, 0, 0, 0)) * 1000
            said_utc, utc_off = None, None
        recent = p["recent"]
        # A repeat says the same words again, linked to where they were first said.
        repeat_of = None
        if n != rare_at and recent and rnd.random() < 0.01:
            repeat_of = rnd.choice(recent[-50:])
            quote, language = repeat_of[2], repeat_of[3]
        medium = rnd.choice(MEDIA)
        venue = rnd.choice(VENUES) if medium != "tweet" and rnd.random() < 0.5 else None
        external_id = f"bench:{n}" if rnd.random() < 0.5 else None
        created = iso_ms(max(ms, START_MS) + 3_600_000)
        statements.append((sid, p["id"], quote, said_at, precision, prank, said_utc, utc_off, sort, medium, venue, language,
                           external_id, created, created, recorded_by, wording))
        source_list = [{"url": f"https://example.org/{rank}/{n}", "title": None, "publisher": rnd.choice(PUBLISHERS),
                        "publishedAt": None, "archiveUrl": None}]
        if rnd.random() < 0.2:
            source_list.append({"url": f"https://archive.example.net/{n}", "title": "Transcript", "publisher": None,
                                "publishedAt": None, "archiveUrl": None})
        for i, s in enumerate(source_list):
            sources.append((sid, i, s["url"], s["title"], s["publisher"]))
        # Stances: a third take one (a tenth of those two), on the person's favourite topics; each topic's stance
        # is kept with p=0.85, otherwise it changes, which is what makes reversals.
        taken = []
        if rnd.random() < 0.33:
            for topic in rnd.sample(p["favourites"], 2 if rnd.random() < 0.1 else 1):
                current = p["stance"].get(topic)
                if current is None or rnd.random() >= 0.85:
                    current = rnd.choice([s for s in STANCES if s != current])
                p["stance"][topic] = current
                taken.append((topic, current))
                positions.append((sid, topic_ids[topic], current))
        about_list = []
        if rnd.random() < 0.2:
            about_list = sorted(set(rnd.sample(children, rnd.randint(1, 2))) - {t for t, _ in taken})
            about.extend((sid, topic_ids[t]) for t in about_list)
        # Links from this statement to earlier ones: only between instants known to the second, later to earlier.
        timed = precision == "second"
        mine = len(links)
        if recent and timed:
            prev = recent[-1]
            if prev[4] and prev[1] < ms:
                r = rnd.random()
                if r < 0.01:
                    links.append((ids.new("ln"), sid, prev[0], "reverses", created, recorded_by))
                elif r < 0.015:
                    links.append((ids.new("ln"), sid, prev[0], "walks_back", created, recorded_by))
        if repeat_of is not None and timed and repeat_of[4] and repeat_of[1] < ms:
            links.append((ids.new("ln"), sid, repeat_of[0], "repeats", created, recorded_by))
        if global_recent and timed and rnd.random() < 0.005:
            other = rnd.choice(global_recent)
            if other[1] < ms and other[0] != sid:
                links.append((ids.new("ln"), sid, other[0], "responds_to", created, recorded_by))
        for link in links[mine:]:
            revisions.append(("link", link[0], 1, "create", created, recorded_by, None,
                              json.dumps({"statement": sid, "target": link[2], "relation": link[3], "note": None, "retracted": None},
                                         separators=(",", ":")), None, None, None, None, 0))
        snapshot = {"person": p["slug"], "quote": quote, "summary": None, "saidAt": said_at, "medium": medium, "venue": venue,
                    "language": language, "externalId": external_id, "sources": source_list,
                    "positions": [{"topic": t, "stance": s} for t, s in sorted(taken)], "retracted": None, "topics": about_list}
        if wording != "exact":
            snapshot["wording"] = wording
        revisions.append(("statement", sid, 1, "create", created, recorded_by, None, json.dumps(snapshot, separators=(",", ":")),
                          p["id"], sort, prank, medium, 0))
        if rating is not None:
            rid = ids.new("rv")
            url = f"https://www.politifact.com/factchecks/{n}/"
            reviews.append((rid, sid, "PolitiFact", "politifact", "https://www.politifact.com", url, rating[0], rating[1], created, created,
                            recorded_by))
            revisions.append(("review", rid, 1, "create", created, recorded_by, None,
                              json.dumps({"statement": sid, "publisher": {"name": "PolitiFact", "url": "https://www.politifact.com"},
                                          "rating": rating[0], "normalisedRating": rating[1], "url": url, "author": None,
                                          "reviewedAt": None, "summary": None, "externalId": None, "raw": None, "retracted": None},
                                         separators=(",", ":")), None, None, None, None, 0))
        entry = (sid, ms, quote, language, timed)
        recent.append(entry)
        if len(recent) > 60:
            del recent[:10]
        global_recent.append(entry)
        if len(global_recent) > 200:
            del global_recent[:100]
        if len(statements) >= 20_000:
            flush()
            if (n + 1) % 200_000 == 0:
                log(f"  {n + 1:,} statements in {time.perf_counter() - started:.0f} s")
    flush()
    log(f"  {counters['statements']:,} statements in {time.perf_counter() - started:.0f} s; indexing their words")
    con.execute("INSERT INTO statements_fts (statements_fts) VALUES ('rebuild')")
    con.execute(fts_trigger)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return {"people": people, "text": text_kind, **counters}


def generate(out, size, seed, dll=DLL, log=print):
    """Builds the database at `out` (through a temporary file, so a cut-off run leaves nothing that looks finished)
    and writes `out`.json with what it holds and the figures the benchmark needs (the busiest person, ...)."""
    out = os.path.abspath(out)  # the service reads a relative Data Source from its own folder, not from here
    tmp = out + ".partial"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(tmp + suffix):
            os.remove(tmp + suffix)
    started = time.perf_counter()
    migrate(tmp, dll)
    migrated = time.perf_counter()
    counts = fill(tmp, size, seed, log)
    filled = time.perf_counter()
    migrate(tmp, dll)  # now --rebuild-reversals has everything to derive
    derived = time.perf_counter()
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    meta = describe(con)
    con.close()
    meta.update(counts)
    meta.update({"size": size, "seed": seed, "schema": schema_key(), "seconds": {
        "migrate": round(migrated - started, 1), "fill": round(filled - migrated, 1), "rebuild_reversals": round(derived - filled, 1)}})
    for suffix in ("-wal", "-shm"):
        if os.path.exists(tmp + suffix):
            os.remove(tmp + suffix)
    os.replace(tmp, out)
    with open(out + ".json", "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
    return meta


def describe(con):
    """What the scenarios need to know about a database: who is busiest, who has about 100 statements, which topic
    has the most stances, a statement of the busiest person."""
    one = lambda sql, *args: con.execute(sql, args).fetchone()
    busiest = one("SELECT p.slug, COUNT(*) FROM statements s JOIN people p ON p.id = s.person_id GROUP BY p.id ORDER BY 2 DESC, p.slug LIMIT 1")
    small = one("SELECT p.slug, COUNT(*) FROM statements s JOIN people p ON p.id = s.person_id GROUP BY p.id "
                "ORDER BY ABS(COUNT(*) - 100), p.slug LIMIT 1")
    median = one("""SELECT slug, n FROM (SELECT p.slug, COUNT(*) AS n FROM statements s JOIN people p ON p.id = s.person_id GROUP BY p.id)
                    ORDER BY n, slug LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM people)""")
    topic = one("SELECT t.slug, COUNT(*) FROM statement_positions sp JOIN topics t ON t.id = sp.topic_id GROUP BY t.id ORDER BY 2 DESC, t.slug LIMIT 1")
    statement = one("SELECT s.id FROM statements s JOIN people p ON p.id = s.person_id WHERE p.slug = ? ORDER BY s.sort_utc_ms DESC LIMIT 1 OFFSET 7", busiest[0])
    return {
        "busiest": {"slug": busiest[0], "statements": busiest[1]},
        "small": {"slug": small[0], "statements": small[1]},
        "median": {"slug": median[0], "statements": median[1]},
        "busiest_topic": {"slug": topic[0], "stances": topic[1]},
        "statement": statement[0],
        "reversals": one("SELECT COUNT(*) FROM reversals WHERE valid_to_ms IS NULL")[0],
        "revisions": one("SELECT COUNT(*) FROM revisions")[0],
        "rare_phrase": RARE_PHRASE,
        "time_span_ms": [START_MS, END_MS],
    }


def cached(folder, size, seed, dll=DLL, log=print):
    """The database for (size, seed, schema) from the cache folder, generated once."""
    folder = os.path.abspath(folder)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"statements-{size}-seed{seed}-{schema_key()}.db")
    if os.path.exists(path) and os.path.exists(path + ".json"):
        with open(path + ".json", encoding="utf-8") as f:
            return path, json.load(f), False
    log(f"generating {size:,} statements (seed {seed}) into {os.path.relpath(path, ROOT)}")
    return path, generate(path, size, seed, dll, log), True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if not os.path.exists(DLL):
        sys.exit(f"build the service first: dotnet build -c Release src/StatementTracker.Api ({DLL} is missing)")
    meta = generate(args.out, args.size, args.seed)
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
