namespace StatementTracker.Api.Tests.OpenApi;

/// <summary>
/// Services in one process making their document at the same moment (nodes of a test run, or two first requests to
/// /swagger of one service) each get the whole document. The schema filter once shared one NullabilityInfoContext,
/// whose cache is not thread-safe: two at once broke it, and every document made after that in the process was a 500.
/// </summary>
public class ConcurrentDocumentTests
{
    [Fact]
    public async Task ManyServicesMakingTheirDocumentAtOnceAllServeIt()
    {
        for (var round = 0; round < 3; round++)
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                await using var app = new StatementTrackerApplication();
                using var response = await app.CreateClient().GetAsync(i % 2 == 0 ? "/swagger/v1/swagger.json" : "/swagger/v1/swagger.yaml");
                return response.StatusCode;
            })));
            Assert.All(statuses, status => Assert.Equal(System.Net.HttpStatusCode.OK, status));
        }
    }
}
