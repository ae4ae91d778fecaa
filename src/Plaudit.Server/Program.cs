using Plaudit.Server.Cli;

return await PlauditCli.Build().Parse(args).InvokeAsync();
