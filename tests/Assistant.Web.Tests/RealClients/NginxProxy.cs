using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// Debian's nginx as a TLS-terminating reverse proxy in front of a test server, with a throwaway self-signed certificate
/// (openssl) and a free loopback port; its <c>location</c> block is the one the README gives operators. Missing nginx or
/// openssl skips the test loudly, or fails it with <c>CI=true</c> (<see cref="RequiredTool"/>).
/// </summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;

    private readonly string _thumbprint;

    private NginxProxy(Process process, DirectoryInfo folder, int port, string thumbprint)
    {
        _process = process;
        _folder = folder;
        _thumbprint = thumbprint;
        BaseAddress = new Uri($"https://127.0.0.1:{port}/");
        // A test run that ends without disposing (a crash, a cancelled run) must not leave nginx behind.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>https://127.0.0.1:{port}/, with a self-signed certificate (<see cref="IsOwnCertificate"/>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Certificate pinning for test clients: the proxy's own throwaway certificate and no other.</summary>
    public bool IsOwnCertificate(X509Certificate? certificate) =>
        certificate is not null && string.Equals(certificate.GetCertHashString(), _thumbprint, StringComparison.OrdinalIgnoreCase);

    public static async Task<NginxProxy> StartAsync(Uri upstream, CancellationToken cancellationToken)
    {
        var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : RequiredTool.OnPath("nginx", "apt-get install nginx-light");
        var openssl = RequiredTool.OnPath("openssl", "apt-get install openssl");
        var folder = Directory.CreateTempSubdirectory("assistant-nginx-");
        var certificate = Path.Combine(folder.FullName, "cert.pem");
        var key = Path.Combine(folder.FullName, "key.pem");
        await RunAsync(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate], cancellationToken);

        string thumbprint;
        using (var pem = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificate, cancellationToken)))
        {
            thumbprint = pem.GetCertHashString();
        }

        var port = AssistantServer.FreePort();
        var config = Path.Combine(folder.FullName, "nginx.conf");
        var dir = folder.FullName;
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log off;
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{certificate}};
                    ssl_certificate_key {{key}};
                    location / {
                        proxy_pass http://127.0.0.1:{{upstream.Port.ToString(CultureInfo.InvariantCulture)}};
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $remote_addr;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_read_timeout 120s;
                    }
                }
            }
            """, cancellationToken);

        var info = new ProcessStartInfo(nginx, ["-p", dir, "-c", config, "-e", Path.Combine(dir, "error.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new NginxProxy(process, folder, port, thumbprint);
        try
        {
            await proxy.WaitListeningAsync(port, cancellationToken);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    private async Task WaitListeningAsync(int port, CancellationToken cancellationToken)
    {
        var log = Path.Combine(_folder.FullName, "error.log");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                var text = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : "";
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}: {text}");
            }

            try
            {
                using var probe = new TcpClient(AddressFamily.InterNetwork);
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        throw new TimeoutException("nginx did not listen within 15 s.");
    }

    /// <summary>
    /// An HTTP client whose connections come from <paramref name="localAddress"/> (any 127.x.y.z is this machine), so one
    /// test can be several clients with different addresses; over https it accepts this proxy's certificate only.
    /// </summary>
    public HttpClient ClientFrom(string localAddress) => ClientFrom(localAddress, BaseAddress, this);

    /// <summary>A plain-HTTP client from <paramref name="localAddress"/> straight to <paramref name="baseAddress"/>.</summary>
    public static HttpClient ClientFrom(string localAddress, Uri baseAddress) => ClientFrom(localAddress, baseAddress, null);

    /// <summary>The handler under <see cref="ClientFrom(string)"/>, for clients that add handlers of their own.</summary>
    public SocketsHttpHandler HandlerFrom(string localAddress) => HandlerFrom(localAddress, this);

    private static HttpClient ClientFrom(string localAddress, Uri baseAddress, NginxProxy? proxy) => new(HandlerFrom(localAddress, proxy))
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static SocketsHttpHandler HandlerFrom(string localAddress, NginxProxy? proxy) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => proxy?.IsOwnCertificate(certificate) == true },
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }
    }
}
