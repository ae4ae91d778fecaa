using System.Runtime.CompilerServices;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// Sets SQLite's threading mode before any test opens a connection, as <c>plaudit serve</c> does at
/// start-up, so every test runs SQLite the way production does (some tests open files directly before
/// building a host, which would otherwise leave the library in its serialized default).
/// </summary>
internal static class SqliteModeInitializer
{
    [ModuleInitializer]
    internal static void Configure() => SqliteThreading.EnsureConfigured();
}
