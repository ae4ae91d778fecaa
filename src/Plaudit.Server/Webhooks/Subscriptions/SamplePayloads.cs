using System.Text.Json;
using Plaudit.Server.CustomerEvents;
using Plaudit.Server.OpenApi;
using Plaudit.Server.Outbox;
using Plaudit.Server.Reviews;

namespace Plaudit.Server.Webhooks.Subscriptions;

/// <summary>What a test webhook carries when the caller sends no <c>data</c>: an event of the topic as the API would write it.</summary>
public static class SamplePayloads
{
    public static string For(string topic, DateTime now)
    {
        var time = WireTime.Format(now);
        object sample = topic switch
        {
            Topics.ReviewDeleted => new DeletedReviewJson("99999", time),
            Topics.CustomerEventCreated => new CustomerEventJson("12345", "cli_test", "VIEW_REVIEW", "STOREFRONT", "Mobile", "IOS",
                "https://example.myshopify.com/products/sample", time, "{\"review_id\":\"99999\",\"product_id\":\"789\"}"),
            _ => new ReviewJson("99999", 5, "Test Reviewer", "test@example.com", "", "US", "Sample review", "This is a test review",
                time, "product", "", "", "api", 0, 0, 1, 0, "", 0, [], null,
                new ReviewProductJson("789", "Sample Product", "sample-product", "", "https://example.myshopify.com/products/sample-product"), time, time),
        };
        return JsonSerializer.Serialize(sample, sample.GetType(), OpenApiJson.Options);
    }
}
