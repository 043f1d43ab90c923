using System.Text.Json;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.People;

/// <summary>All SQL about people and their aliases.</summary>
public sealed class PeopleStore(DbSession db)
{
    public sealed class PersonRow
    {
        public string Id { get; init; } = "";
        public string Slug { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Description { get; init; }
        public string? WikidataId { get; init; }
        public string AliasesJson { get; init; } = "[]";
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";
        public long Revision { get; init; }

        public IReadOnlyList<string> Aliases => JsonSerializer.Deserialize<string[]>(AliasesJson) ?? [];

        /// <summary>The person as the request that would create them: what a merge patch edits.</summary>
        public CreatePersonRequest ToRequest() => new(Name, Slug, [.. Aliases], Description, WikidataId);

        public Person ToPerson() => new(Slug, Name, Aliases, Description, WikidataId, UtcText.Parse(CreatedAt), UtcText.Parse(UpdatedAt), Revision);
    }

    /// <summary>Which unique value an insert or update collided with.</summary>
    public enum Clash { None, Slug, WikidataId }

    private string SelectPerson => $"""
        SELECT p.id, p.slug, p.name, p.description, p.wikidata_id, p.created_at, p.updated_at, p.revision,
               (SELECT {db.Sql.JsonArrayAgg("a.alias")}
                  FROM (SELECT alias FROM person_aliases WHERE person_id = p.id ORDER BY position) AS a) AS aliases_json
          FROM people AS p
        """;

    public async Task<PersonRow?> FindBySlugAsync(string slug, CancellationToken ct)
    {
        return await db.QuerySingleOrDefaultAsync<PersonRow>(
            $"{SelectPerson} WHERE p.slug = @slug", new { slug }, ct);
    }

    /// <summary>The ids of the people among <paramref name="slugs"/> that exist, by slug, in one query.</summary>
    public async Task<Dictionary<string, string>> IdsBySlugAsync(IReadOnlyCollection<string> slugs, CancellationToken ct) =>
        slugs.Count == 0 ? [] : (await db.QueryAsync<(string Slug, string Id)>("SELECT slug, id FROM people WHERE slug IN @slugs", new { slugs }, ct))
            .ToDictionary(p => p.Slug, p => p.Id);

    /// <summary>The slugs of the people whose name or one of whose aliases is <paramref name="name"/>, ignoring case and accents.</summary>
    public async Task<List<string>> SlugsByNameAsync(string name, CancellationToken ct) =>
        await db.QueryAsync<string>("""
            SELECT p.slug FROM people AS p WHERE p.name_folded = @folded
            UNION
            SELECT p.slug FROM person_aliases AS pa JOIN people AS p ON p.id = pa.person_id WHERE pa.alias_folded = @folded
            """, new { folded = Slug.Fold(name.Trim()) }, ct);

    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        return await db.ExecuteScalarAsync<long>("SELECT NOT EXISTS (SELECT 1 FROM people)", null, ct) == 1;
    }

    public async Task<Page<Person>> ListAsync(string? q, string? afterSlug, int limit, CancellationToken ct)
    {
        var pattern = Slug.ContainsPattern(q);
        var rows = await db.QueryAsync<PersonRow>($"""
            {SelectPerson}
             WHERE (@afterSlug IS NULL OR p.slug > @afterSlug)
               AND (@pattern IS NULL
                    OR p.name_folded LIKE @pattern ESCAPE '\'
                    OR EXISTS (SELECT 1 FROM person_aliases AS pa WHERE pa.person_id = p.id AND pa.alias_folded LIKE @pattern ESCAPE '\'))
             ORDER BY p.slug
             LIMIT @take
            """, new { afterSlug, pattern, take = limit + 1 }, ct);
        return Cursor.ToPage(rows, limit, r => r.ToPerson(), r => Cursor.Encode("people", new PeopleCursor(r.Slug)));
    }

    /// <summary>Inserts a person; call inside <see cref="DbSession.BeginWriteAsync"/>.</summary>
    public async Task<Clash> InsertAsync(string id, PersonInput person, WriteContext write, CancellationToken ct)
    {
        var now = write.NowText;
        var clash = await ClashAsync(person, null, ct);
        if (clash != Clash.None) return clash;
        await db.ExecuteAsync("""
            INSERT INTO people (id, slug, name, name_folded, description, wikidata_id, created_at, updated_at)
            VALUES (@id, @Slug, @Name, @nameFolded, @Description, @WikidataId, @now, @now)
            """, new { id, person.Slug, person.Name, nameFolded = Slug.Fold(person.Name), person.Description, person.WikidataId, now }, ct);
        await WriteAliasesAsync(id, person.Aliases, ct);
        return Clash.None;
    }

    /// <summary>Updates a person; call inside <see cref="DbSession.BeginWriteAsync"/>.</summary>
    public async Task<Clash> UpdateAsync(string id, PersonInput person, WriteContext write, CancellationToken ct)
    {
        var clash = await ClashAsync(person, id, ct);
        if (clash != Clash.None) return clash;
        await db.ExecuteAsync("""
            UPDATE people
               SET name = @Name, name_folded = @nameFolded, description = @Description, wikidata_id = @WikidataId, updated_at = @now
             WHERE id = @id
            """, new { id, person.Name, nameFolded = Slug.Fold(person.Name), person.Description, person.WikidataId, now = write.NowText }, ct);
        await db.ExecuteAsync("DELETE FROM person_aliases WHERE person_id = @id", new { id }, ct);
        await WriteAliasesAsync(id, person.Aliases, ct);
        return Clash.None;
    }

    /// <summary>Callers check inside their write transaction, so no other writer can take the value between check and write.</summary>
    private async Task<Clash> ClashAsync(PersonInput person, string? exceptId, CancellationToken ct)
    {
        var taken = await db.QueryFirstOrDefaultAsync<string>("""
            SELECT CASE WHEN slug = @Slug THEN 'slug' ELSE 'wikidata' END
              FROM people
             WHERE (slug = @Slug OR (@WikidataId IS NOT NULL AND wikidata_id = @WikidataId))
               AND (@exceptId IS NULL OR id <> @exceptId)
             ORDER BY CASE WHEN slug = @Slug THEN 0 ELSE 1 END
             LIMIT 1
            """, new { person.Slug, person.WikidataId, exceptId }, ct);
        return taken switch { "slug" => Clash.Slug, "wikidata" => Clash.WikidataId, _ => Clash.None };
    }

    private async Task WriteAliasesAsync(string personId, IReadOnlyList<string> aliases, CancellationToken ct)
    {
        var rows = aliases.Select((alias, position) => new { personId, position, alias, aliasFolded = Slug.Fold(alias) });
        await db.ExecuteAsync("""
            INSERT INTO person_aliases (person_id, position, alias, alias_folded)
            VALUES (@personId, @position, @alias, @aliasFolded)
            """, rows, ct);
    }
}

/// <summary>The people list's keyset: the slug of the last person on the page.</summary>
public sealed record PeopleCursor(string AfterSlug);
