using System.Net;
using System.Net.Sockets;

namespace SyncKairos.Testing;

public static class FreePort
{
    /// <summary>Asks the OS for a free loopback port. Racy by nature; callers retry on a bind failure.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
