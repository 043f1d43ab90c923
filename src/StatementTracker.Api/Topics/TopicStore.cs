using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Topics;

/// <summary>All SQL about topics and their hierarchy.</summary>
public sealed class TopicStore(DbSession db)
{
    public sealed class TopicRow
    {
        public string Id { get; init; } = "";
        public string Slug { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Description { get; init; }
        public string? ParentId { get; init; }
        public string? ParentSlug { get; init; }
        public string CreatedAt { get; init; } = "";
        public string UpdatedAt { get; init; } = "";
        public long Revision { get; init; }

        /// <summary>The topic as the request that would create it: what a merge patch edits.</summary>
        public CreateTopicRequest ToRequest() => new(Name, Slug, Description, ParentSlug);

        public Topic ToTopic() => new(Slug, Name, Description, ParentSlug, UtcText.Parse(CreatedAt), UtcText.Parse(UpdatedAt), Revision);
    }

    private const string SelectTopic = """
        SELECT t.id, t.slug, t.name, t.description, t.parent_id, p.slug AS parent_slug, t.created_at, t.updated_at, t.revision
          FROM topics AS t
          LEFT JOIN topics AS p ON p.id = t.parent_id
        """;

    public async Task<TopicRow?> FindBySlugAsync(string slug, CancellationToken ct)
    {
        return await db.QuerySingleOrDefaultAsync<TopicRow>($"{SelectTopic} WHERE t.slug = @slug", new { slug }, ct);
    }

    /// <summary>The topics among <paramref name="slugs"/> that exist, by slug.</summary>
    public async Task<Dictionary<string, TopicRow>> FindBySlugsAsync(IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        if (slugs.Count == 0) return [];
        var rows = await db.QueryAsync<TopicRow>($"{SelectTopic} WHERE t.slug IN @slugs", new { slugs }, ct);
        return rows.ToDictionary(r => r.Slug);
    }

    public async Task<Page<Topic>> ListAsync(string? q, string? parentId, string? afterSlug, int limit, CancellationToken ct)
    {
        var pattern = Slug.ContainsPattern(q);
        var rows = await db.QueryAsync<TopicRow>($"""
            {SelectTopic}
             WHERE (@afterSlug IS NULL OR t.slug > @afterSlug)
               AND (@pattern IS NULL OR t.name_folded LIKE @pattern ESCAPE '\')
               AND (@parentId IS NULL OR t.parent_id = @parentId)
             ORDER BY t.slug
             LIMIT @take
            """, new { afterSlug, pattern, parentId, take = limit + 1 }, ct);
        return Cursor.ToPage(rows, limit, r => r.ToTopic(), r => Cursor.Encode("topics", new TopicsCursor(r.Slug)));
    }

    /// <summary>Inserts a topic; false when the slug is taken. Call inside <see cref="DbSession.BeginWriteAsync"/>.</summary>
    public async Task<bool> InsertAsync(string id, TopicInput topic, string? parentId, WriteContext write, CancellationToken ct)
    {
        if (await FindBySlugAsync(topic.Slug, ct) is not null) return false;
        var now = write.NowText;
        await db.ExecuteAsync("""
            INSERT INTO topics (id, slug, name, name_folded, description, parent_id, created_at, updated_at)
            VALUES (@id, @Slug, @Name, @nameFolded, @Description, @parentId, @now, @now)
            """, new { id, topic.Slug, topic.Name, nameFolded = Slug.Fold(topic.Name), topic.Description, parentId, now }, ct);
        return true;
    }

    public async Task UpdateAsync(string id, TopicInput topic, string? parentId, WriteContext write, CancellationToken ct)
    {
        await db.ExecuteAsync("""
            UPDATE topics
               SET name = @Name, name_folded = @nameFolded, description = @Description, parent_id = @parentId, updated_at = @now
             WHERE id = @id
            """, new { id, topic.Name, nameFolded = Slug.Fold(topic.Name), topic.Description, parentId, now = write.NowText }, ct);
    }

    /// <summary>The topic and every topic below it, at any depth.</summary>
    public async Task<IReadOnlyList<string>> SubtreeIdsAsync(string topicId, CancellationToken ct)
    {
        return await db.QueryAsync<string>("""
            WITH RECURSIVE subtree (id) AS (
                SELECT id FROM topics WHERE id = @topicId
                UNION
                SELECT t.id FROM topics AS t JOIN subtree AS s ON t.parent_id = s.id
            )
            SELECT id FROM subtree
            """, new { topicId }, ct);
    }
}

/// <summary>The topic list's keyset: the slug of the last topic on the page.</summary>
public sealed record TopicsCursor(string AfterSlug);
