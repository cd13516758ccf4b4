<#
.SYNOPSIS
    Opens (or removes) the Windows firewall for the eCEP school server: its TCP port, the
    TCP port of the attendance QR page (served over plain HTTP when the server runs HTTPS)
    and UDP 5353 (mDNS, so tablets find the server), inbound, on the Private profile only.

.DESCRIPTION
    Run as administrator, by the installer or by hand. Idempotent: the eCEP rules are
    deleted and made again, never doubled. The rules do not apply while Windows marks the
    network Public (the desktop's server page warns about that): mark the school network
    Private. See docs/discovery.md, "Firewalls".

.PARAMETER Port
    The school server's TCP port (default 8470).

.PARAMETER QrPagePort
    The attendance QR page's plain-HTTP port (ECEP_QR_PAGE_PORT; default: Port + 1). The
    server listens there only when HTTPS is on; the rule is harmless otherwise.

.PARAMETER NoQrPage
    Do not open the QR page port (ECEP_QR_PAGE_PORT=0).

.PARAMETER Program
    Optional: limit the TCP rule to this executable (the bundled ecep-server.exe).

.PARAMETER Remove
    Remove the eCEP rules instead of adding them.

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File windows-firewall.ps1
    powershell -ExecutionPolicy Bypass -File windows-firewall.ps1 -Port 9000 -QrPagePort 9001
    powershell -ExecutionPolicy Bypass -File windows-firewall.ps1 -Remove
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 65535)]
    [int]$Port = 8470,
    [ValidateRange(0, 65535)]
    [int]$QrPagePort = 0,
    [switch]$NoQrPage,
    [string]$Program = "",
    [switch]$Remove
)

$ErrorActionPreference = "Stop"
$Group = "eCEP"
$TcpPrefix = "eCEP server (TCP"
$PagePrefix = "eCEP attendance page (TCP"
$MdnsName = "eCEP discovery (mDNS)"

$principal = New-Object Security.Principal.WindowsPrincipal(
    [Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Write-Error "Run this script as administrator."
    exit 1
}

function Remove-EcepRules {
    # Every rule of the group: also those of a port used before.
    Get-NetFirewallRule -Group $Group -ErrorAction SilentlyContinue |
        Remove-NetFirewallRule -ErrorAction SilentlyContinue
}

Remove-EcepRules
if ($Remove) {
    Write-Output "eCEP firewall rules removed."
    exit 0
}

$tcp = @{
    DisplayName = "$TcpPrefix $Port)"
    Group       = $Group
    Direction   = "Inbound"
    Action      = "Allow"
    Protocol    = "TCP"
    LocalPort   = $Port
    Profile     = "Private"
    Description = "eCEP school server: tablets and PCs of the school network."
}
if ($Program) { $tcp.Program = $Program }
New-NetFirewallRule @tcp | Out-Null

$opened = "TCP $Port"
if (-not $NoQrPage) {
    # A variable of its own: $QrPagePort keeps its ValidateRange (Port + 1 may be 65536).
    $pagePort = if ($QrPagePort -eq 0) { $Port + 1 } else { $QrPagePort }
    if ($pagePort -le 65535 -and $pagePort -ne $Port) {
        $page = $tcp.Clone()
        $page.DisplayName = "$PagePrefix $pagePort)"
        $page.LocalPort = $pagePort
        $page.Description = "eCEP attendance QR page over plain HTTP (phones of the school network)."
        New-NetFirewallRule @page | Out-Null
        $opened = "$opened, TCP $pagePort"
    }
}

New-NetFirewallRule -DisplayName $MdnsName -Group $Group -Direction Inbound -Action Allow `
    -Protocol UDP -LocalPort 5353 -Profile Private `
    -Description "eCEP discovery: tablets find the school server (_ecep._tcp)." | Out-Null

Write-Output "eCEP firewall rules added on the Private profile: $opened, UDP 5353."
$public = Get-NetConnectionProfile | Where-Object { $_.NetworkCategory -eq "Public" }
foreach ($network in $public) {
    Write-Warning ("The network '{0}' is marked Public: these rules do not apply there. " +
        "Mark it Private: Set-NetConnectionProfile -InterfaceIndex {1} -NetworkCategory Private" `
        -f $network.Name, $network.InterfaceIndex)
}
