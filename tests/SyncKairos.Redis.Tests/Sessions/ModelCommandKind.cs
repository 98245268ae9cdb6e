namespace SyncKairos.Redis.Tests.Sessions;

internal enum ModelCommandKind
{
    Start,
    Switch,
    Pause,
    Resume,
    Complete,
    Expire,
}
