using Assistant.Web.Announcements;

namespace Assistant.Web.Hosting;

public static class AnnouncementServiceCollectionExtensions
{
    /// <summary>Announcements to subscribers: the desk's wake-up signal and the background sender.</summary>
    public static IServiceCollection AddAnnouncements(this IServiceCollection services)
    {
        services.AddSingleton<WakeSignal<AnnouncementDelivery>>();
        services.AddSingleton<AnnouncementDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<AnnouncementDelivery>());
        return services;
    }
}
