using System.Diagnostics;
using System.Text;

namespace Plaudit.Server.Tests.Cli;

/// <summary>Runs the real <c>plaudit</c> executable (the built plaudit.dll) as a separate process.</summary>
public static class CliProcess
{
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "plaudit.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return info;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var process = Process.Start(StartInfo(args, environment, workingDirectory))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Reads lines from a running process until a complete top-level JSON object has been printed.</summary>
    public static async Task<string> ReadJsonObjectAsync(StreamReader output, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var json = new StringBuilder();
        var depth = 0;
        while (await output.ReadLineAsync(cancel.Token) is { } line)
        {
            if (depth == 0 && !line.StartsWith('{'))
            {
                continue;
            }
            json.AppendLine(line);
            depth += line.Count(c => c == '{') - line.Count(c => c == '}');
            if (depth == 0)
            {
                return json.ToString();
            }
        }
        throw new InvalidOperationException("The process ended before printing a JSON object.");
    }
}
