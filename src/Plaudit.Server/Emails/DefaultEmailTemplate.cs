namespace Plaudit.Server.Emails;

/// <summary>
/// Plaudit's review-request email, used wherever the shop has not written its own: a table layout
/// with inline styles (what mail clients keep), one card per product with five one-click star links,
/// and a plain-text part with the same links.
/// </summary>
public static class DefaultEmailTemplate
{
    public const string Subject =
        "{% if is_reminder %}A quick reminder: how{% else %}How{% endif %} was your order from {{ shop.name }}?";

    // The star links break inside their tag: on one line, five long URLs passed SMTP's 998-character
    // line limit, which made the whole part quoted-printable (larger, and encoded again for every message).
    public const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ shop.name }}</title></head>
        <body style="margin:0;padding:0;background-color:#f4f5f7;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background-color:#f4f5f7;">
        <tr><td align="center" style="padding:24px 12px;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background-color:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#1f2328;">
        <tr><td style="padding:28px 28px 8px 28px;font-size:20px;font-weight:bold;">{{ shop.name }}</td></tr>
        <tr><td style="padding:8px 28px 16px 28px;font-size:16px;line-height:24px;">
        Hi {{ customer.first_name | default: "there" }},<br><br>
        {% if is_reminder %}We would still love to hear what you think of your order{% else %}Thank you for your order{% endif %}{% if order.number != "" %} #{{ order.number }}{% endif %}.
        Could you take a minute to rate what you bought? Tap a star to start.
        </td></tr>
        {% for product in products %}
        <tr><td style="padding:8px 28px;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border:1px solid #d8dde3;border-radius:8px;">
        <tr>
        {% if product.image != "" %}<td width="88" style="padding:12px;"><img src="{{ product.image }}" width="72" height="72" alt="" style="display:block;border-radius:6px;object-fit:cover;"></td>{% endif %}
        <td style="padding:12px;font-size:16px;line-height:22px;">
        <div style="font-weight:bold;margin-bottom:6px;">{{ product.title }}</div>
        <div>{% for star in product.stars %}<a href="{{ star.url }}"
        title="{{ star.rating }} of 5" style="color:#f5a623;font-size:28px;line-height:32px;text-decoration:none;padding-right:4px;">&#9733;</a>{% endfor %}</div>
        </td></tr></table>
        </td></tr>
        {% endfor %}
        <tr><td align="center" style="padding:20px 28px 28px 28px;">
        <a href="{{ review_url }}" style="display:inline-block;background-color:{{ shop.accent_color }};color:{{ shop.accent_text_color }};font-size:16px;font-weight:bold;text-decoration:none;padding:12px 24px;border-radius:6px;">Write a review</a>
        </td></tr>
        </table>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;font-family:Arial,Helvetica,sans-serif;">
        <tr><td align="center" style="padding:16px 12px;font-size:12px;line-height:18px;color:#59636e;">
        You are receiving this because you ordered from {{ shop.name }}.
        <a href="{{ unsubscribe_url }}" style="color:#59636e;">Unsubscribe from review requests</a>
        </td></tr>
        </table>
        </td></tr>
        </table>
        </body>
        </html>
        """;

    public const string Text = """
        Hi {{ customer.first_name | default: "there" }},

        {% if is_reminder %}We would still love to hear what you think of your order{% else %}Thank you for your order{% endif %}{% if order.number != "" %} #{{ order.number }}{% endif %} from {{ shop.name }}.
        Could you take a minute to rate what you bought?
        {% for product in products %}
        {{ product.title }}: {{ product.review_url }}
        {% endfor %}
        Write a review: {{ review_url }}

        --
        You are receiving this because you ordered from {{ shop.name }}.
        Unsubscribe from review requests: {{ unsubscribe_url }}
        """;
}
