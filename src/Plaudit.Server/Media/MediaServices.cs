using Microsoft.Extensions.Options;

namespace Plaudit.Server.Media;

public static class MediaServices
{
    public static IServiceCollection AddPlauditMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UploadPolicySigner>();
        services.AddSingleton<LocalMediaStore>();
        services.AddSingleton<S3MediaStore>();
        services.AddSingleton<IMediaStore>(sp => string.Equals(sp.GetRequiredService<IOptions<MediaOptions>>().Value.Provider, MediaOptions.S3, StringComparison.OrdinalIgnoreCase)
            ? sp.GetRequiredService<S3MediaStore>()
            : sp.GetRequiredService<LocalMediaStore>());
        services.AddSingleton<MediaUrlRules>();
        return services;
    }
}
