using System.Net;

namespace CallCenter.Gateway.Security;

/// <summary>A list of networks in configuration: comma-separated addresses or CIDR networks (10.0.0.0/8, ::1, 192.0.2.7).</summary>
public static class NetworkList
{
    /// <summary>The networks; <paramref name="problem"/> names the first entry that is neither an address nor a network.</summary>
    public static List<IPNetwork> Parse(string? list, out string? problem)
    {
        problem = null;
        var networks = new List<IPNetwork>();
        foreach (var entry in (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                problem ??= $"'{entry}' is neither an IP address nor a CIDR network such as 10.0.0.0/8";
            }
        }

        return networks;
    }

    /// <summary>Whether <paramref name="address"/> (an IPv4 address seen as IPv6 counts as IPv4) is in one of the networks.</summary>
    public static bool Contains(IReadOnlyList<IPNetwork> networks, IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(n => n.Contains(plain));
    }
}
