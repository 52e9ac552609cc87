<#
.SYNOPSIS
  Installs what Evidence Vault needs on Windows 10 or 11 (x64), idempotently.

.DESCRIPTION
  The counterpart of scripts/setup (Debian, Ubuntu) and scripts/setup-macos. It checks
  for Python 3.11 or 3.12 (the py launcher or python on PATH), installs the age checker
  with winget when it is missing (the tests check packages with it; ssh-keygen and tar
  ship with Windows), then makes a virtual environment in .venv with the project
  installed in editable mode.

  When nothing is missing it prints nothing and touches no network: .venv is installed
  again only when it is incomplete or its stamp (a SHA-256 of pyproject.toml and of this
  script) no longer matches. Run from any folder:

    powershell -ExecutionPolicy Bypass -File scripts\setup.ps1            install what is missing
    powershell -ExecutionPolicy Bypass -File scripts\setup.ps1 -DryRun    print what would be installed
#>
[CmdletBinding()]
param([switch]$DryRun)

$ErrorActionPreference = 'Stop'
Set-Location (Split-Path -Parent $PSScriptRoot)

if ($env:OS -ne 'Windows_NT') {
    Write-Error 'scripts/setup.ps1 is for Windows; use scripts/setup (Linux) or scripts/setup-macos.'
    exit 2
}
if (-not [Environment]::Is64BitOperatingSystem) {
    Write-Error 'Evidence Vault needs 64-bit Windows 10 or 11.'
    exit 1
}

function Find-Python {
    foreach ($version in '3.12', '3.11') {
        if (Get-Command py -ErrorAction SilentlyContinue) {
            & py "-$version" -c 'import sys' 2>$null
            if ($LASTEXITCODE -eq 0) { return @('py', "-$version") }
        }
    }
    if (Get-Command python -ErrorAction SilentlyContinue) {
        & python -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))'
        if ($LASTEXITCODE -eq 0) { return @('python') }
    }
    return $null
}

$venvPython = '.venv\Scripts\python.exe'
$python = Find-Python
if (-not $python -and -not (Test-Path $venvPython)) {
    Write-Error 'Python 3.11 or 3.12 (64-bit) is needed: install it from python.org or with "winget install Python.Python.3.12".'
    exit 1
}

if (-not (Get-Command age -ErrorAction SilentlyContinue)) {
    if ($DryRun) {
        Write-Output 'system packages: would install age (winget FiloSottile.age)'
    } elseif (Get-Command winget -ErrorAction SilentlyContinue) {
        Write-Output 'Installing age with winget (the tests check packages with it)'
        & winget install --exact --id FiloSottile.age --silent --accept-package-agreements --accept-source-agreements
    } else {
        Write-Warning 'age is missing and winget is not available; the tests that check packages with age fail until it is on PATH.'
    }
}

$sha = [System.Security.Cryptography.SHA256]::Create()
$bytes = [System.IO.File]::ReadAllBytes('pyproject.toml') + [System.IO.File]::ReadAllBytes($PSCommandPath)
$stamp = -join ($sha.ComputeHash($bytes) | ForEach-Object { $_.ToString('x2') })
$stampFile = '.venv\.evidence-vault-setup-stamp'

$complete = (Test-Path '.venv\Scripts\evidence-vault.exe') -and (Test-Path '.venv\Scripts\pytest.exe')
if ($complete -and (Test-Path $stampFile) -and ((Get-Content $stampFile -Raw).Trim() -eq $stamp)) {
    if ($DryRun) { Write-Output 'python packages: up to date' }
    exit 0
}
if ($DryRun) {
    Write-Output 'python packages: would install'
    exit 0
}

if (-not (Test-Path $venvPython)) {
    $launcher = $python[0]
    $launcherArgs = @($python | Select-Object -Skip 1) + @('-m', 'venv', '.venv')
    & $launcher @launcherArgs
    if ($LASTEXITCODE -ne 0) { throw 'Could not create .venv' }
}
Remove-Item -Force -ErrorAction SilentlyContinue $stampFile
& $venvPython -m pip install -q --upgrade pip
if ($LASTEXITCODE -ne 0) { throw 'pip could not upgrade itself' }
& $venvPython -m pip install -q -e '.[dev]'
if ($LASTEXITCODE -ne 0) { throw 'pip could not install the project' }
& $venvPython -c 'import PySide6.QtMultimedia, sqlcipher3, cryptography'
if ($LASTEXITCODE -ne 0) { throw '.venv is incomplete after installing' }
# UTF-8 without a BOM, as the bash scripts write it.
[System.IO.File]::WriteAllText((Join-Path (Get-Location) $stampFile), "$stamp`n")
