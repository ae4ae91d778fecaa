namespace Plaudit.Server.Cli;

/// <summary>A verb refuses its input: one line on stderr and exit code 1 (see <see cref="CliHost.RunAsync"/>).</summary>
public sealed class CliRefusalException(string message) : Exception(message);
