<#
.SYNOPSIS
    Opens (or removes) the Windows firewall for the eCEP school server: its TCP port and
    UDP 5353 (mDNS, so tablets find the server), inbound, on the Private profile only.

.DESCRIPTION
    Run as administrator, by the installer or by hand. Idempotent: the eCEP rules are
    deleted and made again, never doubled. The rules do not apply while Windows marks the
    network Public (the desktop's server page warns about that): mark the school network
    Private. See docs/tablet-integration.md, "Firewalls".

.PARAMETER Port
    The school server's TCP port (default 8470).

.PARAMETER Program
    Optional: limit the TCP rule to this executable (the bundled ecep-server.exe).

.PARAMETER Remove
    Remove the eCEP rules instead of adding them.

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File windows-firewall.ps1
    powershell -ExecutionPolicy Bypass -File windows-firewall.ps1 -Port 8471
    powershell -ExecutionPolicy Bypass -File windows-firewall.ps1 -Remove
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 65535)]
    [int]$Port = 8470,
    [string]$Program = "",
    [switch]$Remove
)

$ErrorActionPreference = "Stop"
$Group = "eCEP"
$TcpPrefix = "eCEP server (TCP"
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

New-NetFirewallRule -DisplayName $MdnsName -Group $Group -Direction Inbound -Action Allow `
    -Protocol UDP -LocalPort 5353 -Profile Private `
    -Description "eCEP discovery: tablets find the school server (_ecep._tcp)." | Out-Null

Write-Output "eCEP firewall rules added on the Private profile: TCP $Port, UDP 5353."
$public = Get-NetConnectionProfile | Where-Object { $_.NetworkCategory -eq "Public" }
foreach ($network in $public) {
    Write-Warning ("The network '{0}' is marked Public: these rules do not apply there. " +
        "Mark it Private: Set-NetConnectionProfile -InterfaceIndex {1} -NetworkCategory Private" `
        -f $network.Name, $network.InterfaceIndex)
}
