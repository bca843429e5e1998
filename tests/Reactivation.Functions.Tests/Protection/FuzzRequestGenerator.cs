using System.Text;

namespace Reactivation.Functions.Tests.Protection;

/// <summary>
/// Makes random and mutated requests for the public and ingestion endpoints from valid seeds: tokens with characters
/// flipped, cut, doubled or swapped between purposes; JSON bodies with bytes changed, fields renamed, values of the wrong
/// type, invalid channel names, deep nesting, oversized payloads and wrong content types. A small share is left valid,
/// so the run also proves the endpoints accept what they should.
/// </summary>
public sealed class FuzzRequestGenerator(Random random, IReadOnlyList<string> validTokens, IReadOnlyList<(string Path, string Json)> validBodies, string eventGridKey)
{
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~%/+=";

    private static readonly string[] ContentTypes =
        ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "", "application/json; charset=utf-16"];

    private static readonly string[] Junk =
        ["", ".", "..", "../../etc/passwd", "%00", "%2e%2e%2f", "<script>alert(1)</script>", "' OR 1=1 --", "\u202e\u0000", "null", "🙂", new string('A', 5000)];

    /// <summary>The next request.</summary>
    public FuzzRequest Next() => random.Next(100) switch
    {
        < 45 => TokenRequest(),
        < 90 => BodyRequest(),
        _ => ValidRequest(),
    };

    private FuzzRequest TokenRequest()
    {
        var (route, methods) = random.Next(3) switch
        {
            0 => ("r", new[] { "GET", "HEAD", "POST" }),
            1 => ("p", new[] { "GET", "POST" }),
            _ => ("u", new[] { "GET", "POST", "PUT" }),
        };
        var method = methods[random.Next(methods.Length)];
        var (token, recipe) = MutatedToken();
        var body = method == "POST" ? RandomBytes(random.Next(0, 300)) : null;
        return new FuzzRequest(method, $"/{route}/{Uri.EscapeDataString(token)}", body, body is null ? null : Pick(ContentTypes), $"{method} /{route} token {recipe}");
    }

    private (string Token, string Recipe) MutatedToken()
    {
        var token = validTokens[random.Next(validTokens.Count)];
        switch (random.Next(9))
        {
            case 0:
                var at = random.Next(token.Length);
                return (token[..at] + Pick(TokenAlphabet) + token[(at + 1)..], $"char {at} replaced");
            case 1:
                return (token[..random.Next(token.Length)], "truncated");
            case 2:
                var cut = random.Next(token.Length);
                return (token.Remove(cut, 1), $"char {cut} deleted");
            case 3:
                return (token + Pick(TokenAlphabet), "char appended");
            case 4:
                var parts = token.Split('.');
                return parts.Length == 3 ? ($"{parts[0]}.{parts[2]}.{parts[1]}", "payload and mac swapped") : (token + "..", "dots added");
            case 5:
                return ("zz" + token[token.IndexOf('.', StringComparison.Ordinal)..], "unknown key id");
            case 6:
                return (Pick(Junk), "junk");
            case 7:
                return (Convert.ToBase64String(RandomBytes(random.Next(1, 120))).TrimEnd('=').Replace('+', '-').Replace('/', '_'), "random base64url");
            default:
                // Another purpose's genuine token: every route must refuse tokens minted for the others.
                return (validTokens[random.Next(validTokens.Count)], "genuine token, possibly another purpose");
        }
    }

    private FuzzRequest BodyRequest()
    {
        var (path, json) = validBodies[random.Next(validBodies.Count)];
        if (path.StartsWith("/api/events/acs", StringComparison.Ordinal))
        {
            path += random.Next(10) == 0 ? "?key=wrong" : $"?key={eventGridKey}";
        }

        var (body, recipe) = random.Next(10) switch
        {
            0 => (Mutate(Encoding.UTF8.GetBytes(json), 1 + random.Next(4)), "bytes changed"),
            1 => (Encoding.UTF8.GetBytes(json[..random.Next(json.Length)]), "cut short"),
            2 => (Encoding.UTF8.GetBytes(json.Replace("\"channel\": \"sms\"", $"\"channel\": \"{Pick(["fax", "SMS ", "", "pigeon", "sms\u0000"])}\"", StringComparison.Ordinal)), "invalid channel"),
            3 => (Encoding.UTF8.GetBytes(RenameField(json)), "field renamed"),
            4 => (Encoding.UTF8.GetBytes(WrongTypes(json)), "values of the wrong type"),
            5 => (Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)), "nested 200 deep"),
            6 => (Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat(json.Trim().TrimStart('[').TrimEnd(']'), 1_200)) + "]"), "1,200 elements"),
            7 => (RandomBytes(random.Next(0, 2_000)), "random bytes"),
            8 => (Encoding.UTF8.GetBytes(json), "valid body, wrong content type"),
            _ => (Encoding.UTF8.GetBytes(json.Replace("\"", "'", StringComparison.Ordinal)), "single quotes"),
        };
        var contentType = recipe == "valid body, wrong content type" ? Pick(ContentTypes.Where(c => !c.StartsWith("application/json", StringComparison.Ordinal)).ToArray()) : "application/json";
        return new FuzzRequest("POST", path, body, contentType, $"POST {path} {recipe}");
    }

    private FuzzRequest ValidRequest()
    {
        var (path, json) = validBodies[random.Next(validBodies.Count)];
        if (path.StartsWith("/api/events/acs", StringComparison.Ordinal))
        {
            path += $"?key={eventGridKey}";
        }

        return new FuzzRequest("POST", path, Encoding.UTF8.GetBytes(json), "application/json", $"POST {path} valid control");
    }

    private string RenameField(string json)
    {
        var quote = json.IndexOf('"', random.Next(json.Length / 2));
        return quote < 0 ? json + "}" : json.Insert(quote + 1, "x_");
    }

    private string WrongTypes(string json) => random.Next(3) switch
    {
        0 => json.Replace("\"2026", "2026", StringComparison.Ordinal),
        1 => json.Replace(": \"", ": [\"", StringComparison.Ordinal).Replace("\",", "\"],", StringComparison.Ordinal),
        _ => json.Replace(": \"", ": {\"v\":\"", StringComparison.Ordinal).Replace("\",", "\"},", StringComparison.Ordinal),
    };

    private byte[] Mutate(byte[] bytes, int count)
    {
        var copy = bytes.ToArray();
        for (var i = 0; i < count && copy.Length > 0; i++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private char Pick(string alphabet) => alphabet[random.Next(alphabet.Length)];
}
