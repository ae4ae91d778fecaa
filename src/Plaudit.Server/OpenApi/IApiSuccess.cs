using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Plaudit.Server.OpenApi;

/// <summary>A successful answer's data, for filters that post-process results (the read cache).</summary>
public interface IApiSuccess
{
    bool Succeeded { get; }
    object? Data { get; }
    Type DataType { get; }
}
