using System.CommandLine;
using Plaudit.Server.Security;

namespace Plaudit.Server.Cli;

/// <summary>
/// <c>plaudit keys rewrap [--old-master-key KEY]</c>: encrypts every stored Data Protection key with
/// the current key-encryption key (<c>DataProtection:MasterKey</c>, else the key file) and prints
/// what the ring is now encrypted with. The same happens at every start; the verb does it without
/// serving, e.g. before rolling out a new master key to the nodes.
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var oldMasterKey = new Option<string?>("--old-master-key")
        {
            Description = "The master key the ring is encrypted with now (or set DataProtection__PreviousMasterKey, which keeps it out of the process list)",
        };
        var rewrap = new Command("rewrap", "Encrypt the stored key ring with DataProtection:MasterKey (or the key file), reading it with the old master key if given") { oldMasterKey };
        rewrap.TreatUnmatchedTokensAsErrors = false;
        rewrap.SetAction(async (parseResult, cancellationToken) =>
        {
            string[] configurationArgs = parseResult.GetValue(oldMasterKey) is { } old
                ? [.. parseResult.UnmatchedTokens, $"--{DataProtectionSettings.Section}:{nameof(DataProtectionSettings.PreviousMasterKey)}={old}"]
                : [.. parseResult.UnmatchedTokens];
            try
            {
                // Starting runs KeyRingAtRest, which re-wraps; asking again confirms every key is under the current one.
                using var host = await CliHost.StartAsync(configurationArgs, cancellationToken);
                await using var scope = host.Services.CreateAsyncScope();
                var status = await scope.ServiceProvider.GetRequiredService<KeyRingAtRest>().WrapAsync(cancellationToken);
                Console.WriteLine(CliJson.Serialize(new { status.Keys, status.EncryptedWith, status.KeyId }));
                return 0;
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("DataProtection", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });

        var keys = new Command("keys", "Manage the encryption of the Data Protection key ring");
        keys.Subcommands.Add(rewrap);
        return keys;
    }
}
