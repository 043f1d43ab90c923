namespace StatementTracker.Api.Auth;

public static class AuthSetup
{
    /// <summary>The keys' settings, store and start-up keys; the pipeline's part is in <see cref="ApiKeyPipelineExtensions"/>.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddScoped<ApiKeyStore>();
        services.AddSingleton<StartupKeys>();
        return services;
    }
}
