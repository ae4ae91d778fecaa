using System.Text;
using Plaudit.Server.Webhooks.Signing;

namespace Plaudit.Server.Tests.Webhooks;

/// <summary>Spec 3.1: a delivery succeeded when the receiver answered HTTP 200 with a JSON body whose code is 0.</summary>
public sealed class TrustooSuccessTests
{
    [Theory]
    [InlineData(200, """{"code":0,"message":"success"}""", true)]
    [InlineData(200, """ {"message":"ok", "nested":{"code":1}, "list":[1,{"code":2}], "code":0} """, true)]
    [InlineData(200, """{"code":1,"message":"not yet"}""", false)]
    [InlineData(200, """{"code":"0"}""", false)]
    [InlineData(200, """{"code":0.5}""", false)]
    [InlineData(200, """{"message":"no code"}""", false)]
    [InlineData(200, """{"nested":{"code":0}}""", false)]
    [InlineData(200, """[{"code":0}]""", false)]
    [InlineData(200, """{"code":0""", false)]
    [InlineData(200, """{"code":0} trailing""", false)]
    [InlineData(200, "", false)]
    [InlineData(200, "OK", false)]
    [InlineData(201, """{"code":0}""", false)]
    [InlineData(500, """{"code":0}""", false)]
    public void Success_needs_200_and_a_top_level_code_of_zero(int status, string body, bool expected) =>
        Assert.Equal(expected, new TrustooDeliveryFormat().IsSuccess(status, Encoding.UTF8.GetBytes(body)));
}
