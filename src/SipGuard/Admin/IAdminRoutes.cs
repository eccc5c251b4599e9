using Microsoft.AspNetCore.Routing;

namespace SipGuard.Admin;

/// <summary>A group of endpoints served on the admin address (list API, console); every registration is mapped at start-up.</summary>
internal interface IAdminRoutes
{
    void Map(IEndpointRouteBuilder routes);
}
