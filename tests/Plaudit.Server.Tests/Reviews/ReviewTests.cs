using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Plaudit.Server.Tests.Infrastructure;

namespace Plaudit.Server.Tests.Reviews;

[Collection(ServerCollection.Name)]
public sealed class ReviewTests(Servers servers)
{
    private const string Api = "/api/v1/openapi/";

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Created_review_carries_every_payload_field_with_spec_types(DatabaseProvider provider)
    {
        var (_, shop) = await ShopOn(provider);
        var data = (await shop.Client.SendAsync(HttpMethod.Post, Api + "create_review", jsonBody: """
            {"product_id": 789, "product": {"id": "789", "title": "Awesome Product", "handle": "awesome-product",
             "image_src": "https://cdn.example.com/product.jpg", "url": "https://example.myshopify.com/products/awesome-product"},
             "rating": 5, "author": "John Doe", "author_email": "john@example.com", "author_phone": "+1234567890",
             "author_country": "us", "title": "Great product!", "content": "Amazing", "commented_at": "2023-11-21T12:34:56Z",
             "order_id": "1001", "variant_id": 789, "source": "email", "is_verified": 1, "is_featured": 0, "is_published": 1,
             "is_top": 0, "tag": "",
             "media": [{"url": "https://cdn.example.com/image1.jpg", "thumbnail_url": "https://cdn.example.com/thumb1.jpg", "type": 1, "is_published": 1},
                       {"url": "https://cdn.example.com/video1.mp4", "thumbnail_url": "https://cdn.example.com/thumb2.jpg", "type": 2, "is_published": 1}],
             "reply": {"content": "Thank you for your review!", "reply_at": "2023-11-22T09:00:00Z"}}
            """)).AssertOk();

        string[] expected = ["id", "rating", "author", "author_email", "author_phone", "author_country", "title", "content",
            "commented_at", "item_type", "order_id", "variant_id", "source", "is_verified", "is_featured", "is_published",
            "is_top", "tag", "media_type", "media", "reply", "product", "created_at", "updated_at"];
        Assert.Equal(expected.Order(), data.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(JsonValueKind.String, data.GetProperty("id").ValueKind);
        Assert.Equal(5, data.GetProperty("rating").GetInt32());
        Assert.Equal("US", data.GetProperty("author_country").GetString());
        Assert.Equal("2023-11-21T12:34:56Z", data.GetProperty("commented_at").GetString());
        Assert.Equal("789", data.GetProperty("variant_id").GetString());
        Assert.Equal(1, data.GetProperty("is_verified").GetInt32());
        Assert.Equal(1, data.GetProperty("media_type").GetInt32());
        Assert.Equal(2, data.GetProperty("media")[1].GetProperty("type").GetInt32());
        Assert.Equal(1, data.GetProperty("media")[1].GetProperty("is_published").GetInt32());
        Assert.Equal("2023-11-22T09:00:00Z", data.GetProperty("reply").GetProperty("reply_at").GetString());
        Assert.Equal("awesome-product", data.GetProperty("product").GetProperty("handle").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", data.GetProperty("created_at").GetString());

        var fetched = (await shop.Client.GetAsync(Api + "get_review", [new("id", data.GetProperty("id").GetString()!)])).AssertOk();
        Assert.Equal(data.ToString(), fetched.ToString());
        // get_reviews reads its page without EF Core: the same review, byte for byte, reply and product included.
        var listed = (await shop.Client.GetAsync(Api + "get_reviews")).AssertOk().GetProperty("list").EnumerateArray().Single();
        Assert.Equal(data.ToString(), listed.ToString());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Get_reviews_writes_each_review_byte_for_byte_as_get_review_serializes_it(DatabaseProvider provider)
    {
        // get_reviews writes its rows straight to JSON; get_review serializes the entity. Text that needs
        // escaping, nulls, media, replies, products and page totals must come out the same either way.
        var (_, shop) = await ShopOn(provider);
        string[] bodies =
        [
            """{"rating": 1, "author": "Zoë \"Quotes\" <b>&amp;</b>", "content": "Line one\nline two\ttab \u2028 emoji 🎉 back\\slash / slash", "title": "ß ü 中文"}""",
            """{"rating": 2, "author": "No product", "product_id": 0, "commented_at": "0999-01-02 03:04:05"}""",
            """{"rating": 3, "author": "Media", "product_id": "p-1", "product": {"id": "p-1", "title": "T \"1\"", "handle": "t-1"}, "media": [{"url": "https://cdn.example.com/a.jpg?x=1&y=2", "thumbnail_url": "https://cdn.example.com/a_t.jpg", "type": 1, "is_published": 0}]}""",
            """{"rating": 5, "author": "Replied", "is_published": 0, "reply": {"content": "Thanks — \"really\"", "reply_at": "2024-02-29T23:59:59Z"}}""",
        ];
        foreach (var body in bodies)
        {
            (await shop.Client.SendAsync(HttpMethod.Post, Api + "create_review", jsonBody: body)).AssertOk();
        }

        var page = (await shop.Client.GetAsync(Api + "get_reviews", [new("page_size", "3")])).AssertOk();
        Assert.Equal("""{"page":1,"page_size":3,"total":4,"total_page":2}""", page.GetProperty("page").GetRawText());
        var listed = page.GetProperty("list").EnumerateArray()
            .Concat((await shop.Client.GetAsync(Api + "get_reviews", [new("page_size", "3"), new("page", "2")])).AssertOk().GetProperty("list").EnumerateArray())
            .ToList();
        Assert.Equal(4, listed.Count);
        foreach (var review in listed)
        {
            var fetched = (await shop.Client.GetAsync(Api + "get_review", [new("id", review.GetProperty("id").GetString()!)])).AssertOk();
            Assert.Equal(fetched.GetRawText(), review.GetRawText());
        }
        Assert.Contains(listed, r => r.GetProperty("author").GetString() == "Zoë \"Quotes\" <b>&amp;</b>");
        Assert.Empty((await shop.Client.GetAsync(Api + "get_reviews", [new("page_size", "3"), new("page", "3")])).AssertOk().GetProperty("list").EnumerateArray());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Review_without_reply_has_null_reply_and_trustoo_media_shape_is_accepted(DatabaseProvider provider)
    {
        var (_, shop) = await ShopOn(provider);
        var data = (await shop.Client.SendAsync(HttpMethod.Post, Api + "create_review", jsonBody: """
            {"rating": 4, "author": "Trustoo", "commented_at": "2025-06-20 00:00:00", "product_id": 0,
             "media": {"images": ["https://cdn.example.com/a.jpg"], "thumbnails": ["https://cdn.example.com/a_t.jpg"], "video": "", "video_thumbnail": ""}}
            """)).AssertOk();
        Assert.Equal(JsonValueKind.Null, data.GetProperty("reply").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("product").ValueKind);
        Assert.Equal("2025-06-20T00:00:00Z", data.GetProperty("commented_at").GetString());
        Assert.Equal("https://cdn.example.com/a_t.jpg", data.GetProperty("media")[0].GetProperty("thumbnail_url").GetString());
    }

    [Theory]
    [InlineData("""{"author":"A"}""", "rating is required")]
    [InlineData("""{"rating":6,"author":"A"}""", "rating must be between 1 and 5")]
    [InlineData("""{"rating":"five","author":"A"}""", "rating must be an integer")]
    [InlineData("""{"rating":5}""", "author is required")]
    [InlineData("""{"rating":5,"author":42}""", "author must be a string")]
    [InlineData("""{"rating":5,"author":"A","is_published":2}""", "is_published must be 0 or 1")]
    [InlineData("""{"rating":5,"author":"A","author_email":"nope"}""", "author_email must be an email")]
    [InlineData("""{"rating":5,"author":"A","commented_at":"last tuesday"}""", "commented_at must be")]
    [InlineData("""{"rating":5,"author":"A","reply":{"reply_at":"2023-11-22T09:00:00Z"}}""", "reply.content is required")]
    [InlineData("""{"rating":5,"author":"A","media":[{"url":"ftp://x/y.jpg"}]}""", "media[0].url must be an absolute http(s) URL")]
    [InlineData("""{"rating":5,"author":"A","media":[{"url":"https://cdn.example.com/a.jpg"},null]}""", "media[1] must be an object")]
    [InlineData("""{"rating":5,"author":"A",""", "not valid JSON")]
    [InlineData("""[1,2]""", "must be a JSON object")]
    public async Task Invalid_create_review_is_code_3_naming_the_field(string body, string message)
    {
        var (server, shop) = await ShopOn(DatabaseProvider.Sqlite);
        var response = await shop.Client.SendAsync(HttpMethod.Post, Api + "create_review", jsonBody: body);
        response.AssertError(3, message);
        Assert.Equal(0, await server.QueryAsync(db => db.Reviews.CountAsync(r => r.ShopId == shop.Id)));
    }

    [Fact]
    public async Task A_body_that_starts_with_a_byte_order_mark_is_read_as_its_json()
    {
        var (_, shop) = await ShopOn(DatabaseProvider.Sqlite);
        var response = await shop.Client.SendAsync(HttpMethod.Post, Api + "create_review", jsonBody: "\uFEFF{\"rating\":4,\"author\":\"Bom\"}");
        var id = response.AssertOk().GetProperty("id").GetString();
        var review = (await shop.Client.GetAsync(Api + "get_review", [new("id", id!)])).AssertOk();
        Assert.Equal("Bom", review.GetProperty("author").GetString());
        Assert.Equal(4, review.GetProperty("rating").GetInt32());
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Create_and_delete_write_outbox_events_with_the_change(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        var created = (await shop.Client.PostAsync(Api + "create_review", new { rating = 3, author = "Ann", product_id = "p1" })).AssertOk();
        var id = created.GetProperty("id").GetString()!;
        var deleted = (await shop.Client.PostAsync(Api + "delete_review", new { id })).AssertOk();
        Assert.Equal(id, deleted.GetProperty("id").GetString());

        var events = await server.QueryAsync(db => db.OutboxEvents.Where(e => e.ShopId == shop.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["review/created", "review/deleted"], events.Select(e => e.Topic));
        Assert.All(events, e => Assert.Matches("^[0-9a-f]{32}$", e.EventId));
        using var createdPayload = JsonDocument.Parse(events[0].Payload);
        Assert.Equal(id, createdPayload.RootElement.GetProperty("id").GetString());
        Assert.Equal("Ann", createdPayload.RootElement.GetProperty("author").GetString());
        using var deletedPayload = JsonDocument.Parse(events[1].Payload);
        Assert.Equal(id, deletedPayload.RootElement.GetProperty("id").GetString());
        Assert.Matches(@"Z$", deletedPayload.RootElement.GetProperty("deleted_at").GetString());

        (await shop.Client.GetAsync(Api + "get_review", [new("id", id)])).AssertError(5);
        (await shop.Client.PostAsync(Api + "delete_review", new { id })).AssertError(5);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Rejected_create_writes_neither_review_nor_event(DatabaseProvider provider)
    {
        var (server, shop) = await ShopOn(provider);
        (await shop.Client.PostAsync(Api + "create_review", new { rating = 9, author = "X" })).AssertError(3);
        Assert.Equal(0, await server.QueryAsync(db => db.OutboxEvents.CountAsync(e => e.ShopId == shop.Id)));
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Get_reviews_filters_sorts_and_paginates(DatabaseProvider provider)
    {
        var (_, shop) = await ShopOn(provider);
        var seeds = new[]
        {
            new { product_id = "A", rating = 5, author = "a1", is_published = 1, is_verified = 1, source = "email", media = true },
            new { product_id = "A", rating = 2, author = "a2", is_published = 0, is_verified = 0, source = "email", media = false },
            new { product_id = "B", rating = 4, author = "b1", is_published = 1, is_verified = 0, source = "storefront", media = false },
            new { product_id = "B", rating = 1, author = "b2", is_published = 1, is_verified = 1, source = "storefront", media = true },
            new { product_id = "C", rating = 3, author = "c1", is_published = 1, is_verified = 0, source = "admin", media = false },
        };
        foreach (var s in seeds)
        {
            object body = s.media
                ? new { s.product_id, s.rating, s.author, s.is_published, s.is_verified, s.source, media = new[] { new { url = "https://cdn.example.com/x.jpg", type = 1 } } }
                : new { s.product_id, s.rating, s.author, s.is_published, s.is_verified, s.source };
            (await shop.Client.PostAsync(Api + "create_review", body)).AssertOk();
        }

        async Task<string[]> Authors(params (string, string)[] query) =>
            (await shop.Client.GetAsync(Api + "get_reviews", query.Select(q => new KeyValuePair<string, string>(q.Item1, q.Item2)))).AssertOk()
                .GetProperty("list").EnumerateArray().Select(r => r.GetProperty("author").GetString()!).ToArray();

        Assert.Equal(["c1", "b2", "b1", "a2", "a1"], await Authors());
        Assert.Equal(["a1", "a2", "b1", "b2", "c1"], await Authors(("sort_by", "created-ascending")));
        Assert.Equal(["b2", "a2", "c1", "b1", "a1"], await Authors(("sort_by", "rating"), ("sort_order", "asc")));
        Assert.Equal(["a1", "b1", "c1", "a2", "b2"], await Authors(("sort_by", "rating-descending")));
        Assert.Equal(["b2", "b1", "a2", "a1"], await Authors(("product_ids", "A,B")));
        Assert.Equal(["c1"], await Authors(("product_ids", "C")));
        Assert.Equal(["b2", "a1"], await Authors(("rating", "1,5")));
        Assert.Equal(["a2"], await Authors(("is_published", "0")));
        Assert.Equal(["b2", "a1"], await Authors(("is_verified", "1")));
        Assert.Equal(["b2", "a1"], await Authors(("has_media", "1")));
        Assert.Equal(["b2", "b1"], await Authors(("source", "storefront")));
        Assert.Equal(["b2"], await Authors(("source", "storefront"), ("rating", "1")));
        Assert.Empty(await Authors(("created_at_max", "2000-01-01T00:00:00Z")));
        Assert.Equal(5, (await Authors(("created_at_min", "2000-01-01T00:00:00Z"), ("updated_at_max", (SpecSigner.Now() + 60).ToString(System.Globalization.CultureInfo.InvariantCulture)))).Length);

        var page = (await shop.Client.GetAsync(Api + "get_reviews", [new("page", "2"), new("page_size", "2")])).AssertOk();
        Assert.Equal(["b1", "a2"], page.GetProperty("list").EnumerateArray().Select(r => r.GetProperty("author").GetString()));
        var info = page.GetProperty("page");
        Assert.Equal(2, info.GetProperty("page").GetInt32());
        Assert.Equal(2, info.GetProperty("page_size").GetInt32());
        Assert.Equal(5, info.GetProperty("total").GetInt64());
        Assert.Equal(3, info.GetProperty("total_page").GetInt32());
        var beyond = (await shop.Client.GetAsync(Api + "get_reviews", [new("page", "9")])).AssertOk();
        Assert.Equal(0, beyond.GetProperty("list").GetArrayLength());
        Assert.Equal(5, beyond.GetProperty("page").GetProperty("total").GetInt64());

        // A last page that is not full tells the total without a count; it must say the same.
        var last = (await shop.Client.GetAsync(Api + "get_reviews", [new("page", "3"), new("page_size", "2")])).AssertOk();
        Assert.Equal(["a1"], last.GetProperty("list").EnumerateArray().Select(r => r.GetProperty("author").GetString()));
        Assert.Equal(5, last.GetProperty("page").GetProperty("total").GetInt64());
        Assert.Equal(3, last.GetProperty("page").GetProperty("total_page").GetInt32());
        var none = (await shop.Client.GetAsync(Api + "get_reviews", [new("product_ids", "nothing")])).AssertOk();
        Assert.Equal(0, none.GetProperty("page").GetProperty("total").GetInt64());
        Assert.Equal(0, none.GetProperty("page").GetProperty("total_page").GetInt32());
    }

    [Theory]
    [InlineData("page_size", "101", "page_size must be between 1 and 100")]
    [InlineData("page_size", "0", "page_size must be between 1 and 100")]
    [InlineData("page", "first", "page must be an integer")]
    [InlineData("rating", "7", "rating must be between 1 and 5")]
    [InlineData("is_published", "yes", "is_published must be 0 or 1")]
    [InlineData("sort_by", "price", "sort_by must be one of")]
    [InlineData("created_at_min", "soon", "created_at_min must be")]
    public async Task Invalid_list_parameters_are_code_3_naming_the_parameter(string name, string value, string message)
    {
        var (_, shop) = await ShopOn(DatabaseProvider.Sqlite);
        (await shop.Client.GetAsync(Api + "get_reviews", [new(name, value)])).AssertError(3, message);
    }

    [Theory, ClassData(typeof(BothProviders))]
    public async Task Rating_counts_published_reviews_per_star_with_two_decimal_average(DatabaseProvider provider)
    {
        var (_, shop) = await ShopOn(provider);
        foreach (var (product, rating, published) in new[] { ("P", 5, 1), ("P", 4, 1), ("P", 4, 1), ("Q", 1, 1), ("P", 1, 0) })
        {
            (await shop.Client.PostAsync(Api + "create_review", new { product_id = product, rating, author = "x", is_published = published })).AssertOk();
        }
        var all = (await shop.Client.GetAsync(Api + "get_rating")).AssertOk();
        Assert.Equal("3.5", all.GetProperty("rating_value").GetString());
        Assert.Equal(4, all.GetProperty("review_count").GetInt32());
        Assert.Equal(1, all.GetProperty("star1_count").GetInt32());
        Assert.Equal(2, all.GetProperty("star4_count").GetInt32());

        var one = (await shop.Client.GetAsync(Api + "get_rating", [new("product_id", "P")])).AssertOk();
        Assert.Equal("4.33", one.GetProperty("rating_value").GetString());
        Assert.Equal(3, one.GetProperty("review_count").GetInt32());
        Assert.Equal(0, one.GetProperty("star1_count").GetInt32());
        Assert.Equal(1, one.GetProperty("star5_count").GetInt32());

        var none = (await shop.Client.GetAsync(Api + "get_rating", [new("product_id", "nothing")])).AssertOk();
        Assert.Equal("0", none.GetProperty("rating_value").GetString());
        Assert.Equal(0, none.GetProperty("review_count").GetInt32());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("999999999")]
    public async Task Unknown_review_id_is_code_5(string id)
    {
        var (_, shop) = await ShopOn(DatabaseProvider.Sqlite);
        (await shop.Client.GetAsync(Api + "get_review", [new("id", id)])).AssertError(5);
    }

    [Fact]
    public async Task Get_review_without_id_is_code_3()
    {
        var (_, shop) = await ShopOn(DatabaseProvider.Sqlite);
        (await shop.Client.GetAsync(Api + "get_review")).AssertError(3, "id is required");
    }

    private async Task<(PlauditServer Server, TestShop Shop)> ShopOn(DatabaseProvider provider)
    {
        var server = await servers.GetAsync(provider);
        return (server, await server.CreateShopAsync());
    }
}
