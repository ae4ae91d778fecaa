using System.CommandLine;

namespace Plaudit.Server.Cli;

/// <summary>The <c>plaudit</c> command: <c>serve</c> (the default), <c>shops</c>, <c>platforms</c>, <c>merchants</c>, <c>orders</c>, <c>emails</c>, <c>migrate</c>, <c>keys</c>, <c>call</c>.</summary>
public static class PlauditCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Plaudit: a self-hostable, Trustoo-compatible reviews API with a webhook engine.");
        ServeCommand.AddTo(root);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ShopsCommand.Create());
        root.Subcommands.Add(PlatformsCommand.Create());
        root.Subcommands.Add(MerchantsCommand.Create());
        root.Subcommands.Add(OrdersCommand.Create());
        root.Subcommands.Add(EmailsCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(CallCommand.Create());
        return root;
    }
}
