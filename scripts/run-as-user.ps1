# Runs one command as an ordinary local user, for hosted Windows CI.
#
# GitHub's Windows runners run every step as an administrator, and Evidence Vault refuses
# to create a vault for an administrator (a vault made so would belong to the
# Administrators group; SECURITY.md). The tests, the bundle's self-test and the campaigns
# all create vaults, so they run through this script as a throwaway account that is only
# in Users: the account is made (or its password renewed) with a random password that
# never appears on a command line, given modify rights on the checkout, and the command
# runs in the checkout with the account's own profile. The command's output is shown and
# its exit code is this script's.
#
#   pwsh -File scripts/run-as-user.ps1 -Command ".venv\Scripts\python -m pytest -q"
#
# Variables the command needs (QT_QPA_PLATFORM, PYTHONUTF8, ...) are passed with -Env
# NAME=VALUE: the account starts with its own environment, not the runner's.
param(
    [Parameter(Mandatory = $true)][string]$Command,
    [string[]]$Env = @()
)
$ErrorActionPreference = 'Stop'

$name = 'evtester'
$bytes = [byte[]]::new(24)
[System.Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
# Base64 of random bytes, plus one of each class a password policy may ask for.
$secure = ConvertTo-SecureString ([Convert]::ToBase64String($bytes) + 'aZ1!') -AsPlainText -Force
if (Get-LocalUser -Name $name -ErrorAction SilentlyContinue) {
    Set-LocalUser -Name $name -Password $secure
} else {
    New-LocalUser -Name $name -Password $secure -PasswordNeverExpires -AccountNeverExpires | Out-Null
}
# Only Users: never Administrators, which is the point of running as this account.
Add-LocalGroupMember -Group 'Users' -Member $name -ErrorAction SilentlyContinue
$checkout = (Get-Location).Path
& icacls $checkout /grant "${name}:(OI)(CI)M" /T /Q | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls could not give $name the checkout" }

$settings = ($Env | ForEach-Object { "set `"$_`"&&" }) -join ' '
$out = Join-Path $env:RUNNER_TEMP "$name-stdout.txt"
$err = Join-Path $env:RUNNER_TEMP "$name-stderr.txt"
$process = Start-Process -FilePath 'cmd.exe' -ArgumentList @('/d', '/c', "$settings $Command") `
    -WorkingDirectory $checkout -Credential ([pscredential]::new($name, $secure)) `
    -LoadUserProfile -NoNewWindow -Wait -PassThru `
    -RedirectStandardOutput $out -RedirectStandardError $err
Get-Content -Path $out -ErrorAction SilentlyContinue
Get-Content -Path $err -ErrorAction SilentlyContinue | Write-Host
exit $process.ExitCode
