using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Customers;

[Collection(ServerCollection.Name)]
public sealed class CustomerExclusionTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Exclusions_are_created_once_listed_and_deleted(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();

        var created = (await shop.Client.PostAsync(Api + "create_customer_exclude", new { email = " Jane@Example.com " })).AssertOk();
        Assert.Equal("jane@example.com", created.GetProperty("email").GetString());
        Assert.Equal("manual", created.GetProperty("source").GetString());
        (await shop.Client.PostAsync(Api + "create_customer_exclude", new { email = "jane@example.com" })).AssertError(6, "already excluded");
        (await shop.Client.PostAsync(Api + "create_customer_exclude", new { email = "bob@example.com" })).AssertOk();

        var list = (await shop.Client.GetAsync(Api + "get_customer_excludes")).AssertOk();
        Assert.Equal(["bob@example.com", "jane@example.com"], list.GetProperty("list").EnumerateArray().Select(e => e.GetProperty("email").GetString()));
        Assert.Equal(2, list.GetProperty("page").GetProperty("total").GetInt64());
        var filtered = (await shop.Client.GetAsync(Api + "get_customer_excludes", [new("email", "JANE@example.com")])).AssertOk();
        Assert.Equal(1, filtered.GetProperty("list").GetArrayLength());

        (await shop.Client.PostAsync(Api + "delete_customer_exclude", new { email = "jane@example.com" })).AssertOk();
        (await shop.Client.PostAsync(Api + "delete_customer_exclude", new { email = "jane@example.com" })).AssertError(5);
        var bobId = (await shop.Client.GetAsync(Api + "get_customer_excludes")).AssertOk().GetProperty("list")[0].GetProperty("id").GetString()!;
        (await shop.Client.PostAsync(Api + "delete_customer_exclude", new { id = bobId })).AssertOk();
        Assert.Equal(0, (await shop.Client.GetAsync(Api + "get_customer_excludes")).AssertOk().GetProperty("list").GetArrayLength());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Email_unsubscribe_is_idempotent_and_excludes_the_customer(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        var shop = await server.CreateShopAsync();
        var first = (await shop.Client.PostAsync(Api + "email_unsubscribe", new { email = "sam@example.com" })).AssertOk();
        var second = (await shop.Client.PostAsync(Api + "email_unsubscribe", new { email = "SAM@example.com" })).AssertOk();
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal("unsubscribe", first.GetProperty("source").GetString());
        var list = (await shop.Client.GetAsync(Api + "get_customer_excludes")).AssertOk();
        Assert.Equal(1, list.GetProperty("list").GetArrayLength());
    }

    [Theory]
    [InlineData("create_customer_exclude", """{}""", "email is required")]
    [InlineData("create_customer_exclude", """{"email":"not-an-email"}""", "email must be an email address")]
    [InlineData("create_customer_exclude", """{"email":["a@b.c"]}""", "email must be a string")]
    [InlineData("email_unsubscribe", """{"email":""}""", "email must not be empty")]
    [InlineData("delete_customer_exclude", """{}""", "id or email is required")]
    [InlineData("delete_customer_exclude", """{"id":true}""", "id must be a string or an integer id")]
    public async Task Invalid_customer_bodies_are_code_3(string endpoint, string body, string message)
    {
        var server = await servers.GetAsync(DatabaseProvider.Sqlite);
        var shop = await server.CreateShopAsync();
        (await shop.Client.SendAsync(HttpMethod.Post, Api + endpoint, jsonBody: body)).AssertError(3, message);
    }
}
