using System.Text.Json;
using Plaudit.Server.OpenApi;

namespace Plaudit.Server.Reviews;

public sealed record NewReply(string Content, DateTime? ReplyAt);
