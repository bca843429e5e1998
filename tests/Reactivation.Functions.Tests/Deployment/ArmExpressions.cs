using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Reactivation.Functions.Tests.Deployment;

/// <summary>
/// A small evaluator of ARM template expressions (<c>[union(createObject(...), ...)]</c>), enough to read what a compiled
/// template writes from its parameters and variables. What only Azure knows at deployment (<c>reference()</c>,
/// <c>listKeys()</c>, <c>environment()</c>, resource ids) evaluates to <see cref="Deployed"/>, a stand-in whose every
/// property is itself and whose text is <see cref="Deployed.Text"/>, a plain DNS label, so that
/// <c>https://{reference(...).hostName}/</c> still reads as the URL it will be.
/// </summary>
/// <param name="template">The compiled template (its <c>variables</c> are read on demand).</param>
/// <param name="parameters">The parameter values, by name (case-insensitive, as ARM reads them).</param>
public sealed class ArmExpressions(JsonObject template, IReadOnlyDictionary<string, object?> parameters)
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A value only a deployment knows.</summary>
    public sealed record Deployed
    {
        /// <summary>The text a deployed value stands as.</summary>
        public const string Text = "deployed";

        /// <summary>The stand-in.</summary>
        public static readonly Deployed Value = new();

        /// <inheritdoc />
        public override string ToString() => Text;
    }

    /// <summary>Evaluates a template value: an expression string, a literal, or an object or array of them.</summary>
    public object? Evaluate(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Evaluate(p.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(Evaluate).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) => EvaluateString(text),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        _ => node.ToJsonString(),
    };

    /// <summary>Evaluates a string: an expression when it is in brackets, else itself (<c>[[</c> escapes a bracket).</summary>
    public object? EvaluateString(string text)
    {
        if (text.StartsWith("[[", StringComparison.Ordinal))
        {
            return text[1..];
        }

        if (!(text.StartsWith('[') && text.EndsWith(']')))
        {
            return text;
        }

        var parser = new Parser(text[1..^1]);
        var expression = parser.ParseExpression();
        parser.ExpectEnd();
        return Run(expression);
    }

    /// <summary>The text of a value, as <c>format()</c> and app settings see it.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "True" : "False",
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private object? Run(Node node) => node switch
    {
        Literal literal => literal.Value,
        Member member => MemberOf(Run(member.Target), member.Name),
        Index index => MemberOf(Run(index.Target), Text(Run(index.Key))),
        Call call => Invoke(call.Name, call.Arguments),
        _ => throw new InvalidOperationException($"unknown node {node}"),
    };

    private static object? MemberOf(object? target, string name) => target switch
    {
        Deployed => Deployed.Value,
        IReadOnlyDictionary<string, object?> obj => obj.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found
            ? found.Value
            : throw new InvalidOperationException($"no property '{name}'"),
        List<object?> list => list[int.Parse(name, CultureInfo.InvariantCulture)],
        _ => throw new InvalidOperationException($"cannot read '{name}' of {target}"),
    };

    private object? Invoke(string name, IReadOnlyList<Node> arguments)
    {
        object? Arg(int i) => Run(arguments[i]);
        switch (name.ToLowerInvariant())
        {
            case "parameters":
                var parameter = Text(Arg(0));
                return parameters.TryGetValue(parameter, out var supplied) ? supplied : throw new InvalidOperationException($"no value for parameter '{parameter}'");
            case "variables":
                return Variable(Text(Arg(0)));
            case "format":
                return string.Format(CultureInfo.InvariantCulture, Text(Arg(0)), arguments.Skip(1).Select(a => (object)Text(Run(a))).ToArray());
            case "concat":
                var parts = arguments.Select(Run).ToList();
                return parts.All(p => p is List<object?>) ? parts.SelectMany(p => (List<object?>)p!).ToList() : string.Concat(parts.Select(Text));
            case "createobject":
                var created = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i + 1 < arguments.Count; i += 2)
                {
                    created[Text(Arg(i))] = Arg(i + 1);
                }

                return created;
            case "createarray":
                return arguments.Select(Run).ToList();
            case "union":
                var union = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var part in arguments.Select(Run))
                {
                    foreach (var (key, value) in (IReadOnlyDictionary<string, object?>)part!)
                    {
                        union[key] = value;
                    }
                }

                return union;
            case "if":
                return Arg(0) is true ? Arg(1) : Arg(2);
            case "empty":
                return Arg(0) switch
                {
                    null => true,
                    string s => s.Length == 0,
                    IReadOnlyDictionary<string, object?> o => o.Count == 0,
                    List<object?> l => l.Count == 0,
                    _ => false,
                };
            case "not":
                return Arg(0) is not true;
            case "equals":
                return Equals(Arg(0), Arg(1));
            case "tolower":
                return Text(Arg(0)).ToLowerInvariant();
            case "toupper":
                return Text(Arg(0)).ToUpperInvariant();
            case "string":
                return Text(Arg(0));
            case "true":
                return true;
            case "false":
                return false;
            case "uniquestring":
                // 13 lower-case characters, as Azure's; which ones does not matter here.
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", arguments.Select(a => Text(Run(a))))));
                return Convert.ToHexStringLower(hash)[..13];
            case "guid":
                return new Guid(MD5.HashData(Encoding.UTF8.GetBytes(string.Join("|", arguments.Select(a => Text(Run(a))))))).ToString();
            case "subscription":
                return new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["id"] = "/subscriptions/00000000-0000-0000-0000-000000000000", ["subscriptionId"] = "00000000-0000-0000-0000-000000000000",
                    ["tenantId"] = "11111111-1111-1111-1111-111111111111",
                };
            default:
                // reference(), listKeys(), resourceId() and the rest: known only once deployed. Their arguments are still
                // evaluated, so a parameter or variable they name must exist.
                foreach (var argument in arguments)
                {
                    Run(argument);
                }

                return Deployed.Value;
        }
    }

    private object? Variable(string name)
    {
        if (_variables.TryGetValue(name, out var known))
        {
            return known;
        }

        var node = template["variables"]?[name] ?? throw new InvalidOperationException($"no variable '{name}'");
        return _variables[name] = Evaluate(node);
    }

    private abstract record Node;

    private sealed record Literal(object? Value) : Node;

    private sealed record Member(Node Target, string Name) : Node;

    private sealed record Index(Node Target, Node Key) : Node;

    private sealed record Call(string Name, IReadOnlyList<Node> Arguments) : Node;

    private sealed class Parser(string text)
    {
        private int _at;

        public Node ParseExpression()
        {
            var node = ParsePrimary();
            while (true)
            {
                SkipSpace();
                if (Peek('.'))
                {
                    _at++;
                    node = new Member(node, Identifier());
                }
                else if (Peek('['))
                {
                    _at++;
                    var key = ParseExpression();
                    Expect(']');
                    node = new Index(node, key);
                }
                else
                {
                    return node;
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_at != text.Length)
            {
                throw new FormatException($"unexpected '{text[_at..]}' in [{text}]");
            }
        }

        private Node ParsePrimary()
        {
            SkipSpace();
            if (Peek('\''))
            {
                return new Literal(StringLiteral());
            }

            if (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] == '-'))
            {
                var start = _at++;
                while (_at < text.Length && char.IsAsciiDigit(text[_at]))
                {
                    _at++;
                }

                return new Literal(long.Parse(text[start.._at], CultureInfo.InvariantCulture));
            }

            var name = Identifier();
            Expect('(');
            var arguments = new List<Node>();
            SkipSpace();
            if (Peek(')'))
            {
                _at++;
                return new Call(name, arguments);
            }

            while (true)
            {
                arguments.Add(ParseExpression());
                SkipSpace();
                if (Peek(','))
                {
                    _at++;
                    continue;
                }

                Expect(')');
                return new Call(name, arguments);
            }
        }

        private string StringLiteral()
        {
            var builder = new StringBuilder();
            _at++;
            while (true)
            {
                if (_at >= text.Length)
                {
                    throw new FormatException($"unterminated string in [{text}]");
                }

                if (text[_at] == '\'')
                {
                    if (_at + 1 < text.Length && text[_at + 1] == '\'')
                    {
                        builder.Append('\'');
                        _at += 2;
                        continue;
                    }

                    _at++;
                    return builder.ToString();
                }

                builder.Append(text[_at++]);
            }
        }

        private string Identifier()
        {
            SkipSpace();
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_'))
            {
                _at++;
            }

            return _at > start ? text[start.._at] : throw new FormatException($"expected a name at {start} in [{text}]");
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (!Peek(c))
            {
                throw new FormatException($"expected '{c}' at {_at} in [{text}]");
            }

            _at++;
        }

        private bool Peek(char c) => _at < text.Length && text[_at] == c;

        private void SkipSpace()
        {
            while (_at < text.Length && text[_at] == ' ')
            {
                _at++;
            }
        }
    }
}
