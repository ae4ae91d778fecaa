using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Security;

public static class KeyRingServices
{
    /// <summary>
    /// Data Protection with its key ring in the shared database, so every node can read every shop's
    /// private token, and every key in it wrapped by <see cref="KeyEncryptionKeys"/>, so the
    /// database alone cannot.
    /// </summary>
    public static IServiceCollection AddPlauditKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataProtectionSettings>().Bind(configuration.GetSection(DataProtectionSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<KeyEncryptionKeys>();
        services.AddScoped<KeyRingAtRest>();
        services.AddDataProtection().SetApplicationName("Plaudit").PersistKeysToDbContext<PlauditDbContext>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<KeyEncryptionKeys>((options, keys) => options.XmlEncryptor = new KeyRingXmlEncryptor(keys));
        return services;
    }
}
