using Plaudit.Server.Shops;

namespace Plaudit.Server.Reviews;

public sealed class Review : IShopData
{
    public long Id { get; set; }
    public long ShopId { get; set; }

    /// <summary>Null for a review of the shop itself rather than of a product.</summary>
    public string? ProductId { get; set; }
    public Product? Product { get; set; }

    public int Rating { get; set; }
    public string Author { get; set; } = "";
    public string AuthorEmail { get; set; } = "";
    public string AuthorPhone { get; set; } = "";
    public string AuthorCountry { get; set; } = "";
    public string Title { get; set; } = "";
    public string Content { get; set; } = "";
    public DateTime CommentedAt { get; set; }
    public string ItemType { get; set; } = "product";
    public string OrderId { get; set; } = "";
    public string VariantId { get; set; } = "";
    public string Source { get; set; } = "";
    public bool IsVerified { get; set; }
    public bool IsFeatured { get; set; }
    public bool IsPublished { get; set; }
    public bool IsTop { get; set; }
    public string Tag { get; set; } = "";

    /// <summary>1 image, 2 video, 0 none: the first attachment's type, as the spec's <c>media_type</c>.</summary>
    public int MediaType { get; set; }
    public List<ReviewMedia> Media { get; set; } = [];

    /// <summary>Kept beside <see cref="Media"/> so "has media" filters use an index, not JSON.</summary>
    public bool HasMedia { get; set; }

    public ReviewReply? Reply { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public void SetMedia(List<ReviewMedia> media)
    {
        Media = media;
        HasMedia = media.Count > 0;
        MediaType = media.Count == 0 ? 0 : media[0].Type;
    }
}
