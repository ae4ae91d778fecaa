using System.CommandLine;

namespace Plaudit.Server.Cli;

/// <summary><c>plaudit migrate</c>: applies pending database migrations and exits.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync([.. parseResult.UnmatchedTokens], cancellationToken);
            Console.WriteLine("Database is up to date.");
            return 0;
        });
        return command;
    }
}
