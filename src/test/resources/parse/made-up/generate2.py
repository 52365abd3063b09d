#!/usr/bin/env python3
"""Writes eight more made-up labelled logs (run once; the outputs are committed).

Kinds unlike those of generate.py, each imitating from memory a real format: Android logcat, Windows
CBS servicing, a proxy client (Proxifier-like), macOS syslog, OpenStack nova, a health app with
'|'-separated headers, Hadoop MapReduce, and a Thunderbird-like cluster syslog. Every line is drawn
from a list of events; <kind>.events holds the event number (ground truth for grouping) and
<kind>.templates the event's template with each variable as <*> (ground truth for parsing, written
loghub's way: a number and its separate unit are '<*> KB', a value glued to text stays one <*>).
Values vary as they do in such logs: hosts, FQDN:port, sizes with units, durations, clock times,
lists of varying length, words that are variables with few values, and events that differ in one
constant word. Made up: no line comes from a real system. Usage: python3 generate2.py (seeded)."""
import random
import re

R = random.Random(20261207)


def n(a, b):
    return R.randint(a, b)


def pick(*xs):
    return R.choice(xs)


def V(x):
    """Marks a variable: the line shows x, the template shows <*>."""
    return f"\x00{x}\x01"


def hexs(k):
    return "".join(R.choice("0123456789abcdef") for _ in range(k))


def uid():
    h = hexs(32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def ip():
    return f"{n(10, 223)}.{n(0, 255)}.{n(0, 255)}.{n(1, 254)}"


def word():
    return pick("alpha", "bravo", "cobalt", "delta", "ember", "falcon", "garnet", "harbor", "indigo", "juniper",
                "kestrel", "lumen", "marble", "nimbus", "orchid", "pepper", "quartz", "raven", "sierra", "tundra")


def stamp():
    """A date and time as many servers print them (2024-03-01 10:11:12); used by generate5.py and generate6.py."""
    return f"2024-{n(1, 12):02d}-{n(1, 28):02d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}"


def mac_address():
    return ":".join(hexs(2) for _ in range(6))


def write(name, events, lines, header):
    with open(name + ".log", "w") as log, open(name + ".events", "w") as truth, \
            open(name + ".templates", "w") as templates:
        for _ in range(lines):
            e = R.randrange(len(events))
            content = events[e]()
            log.write(header() + re.sub("[\x00\x01]", "", content) + "\n")
            truth.write(f"E{e + 1}\n")
            templates.write(re.sub("\x00[^\x01]*\x01", "<*>", content) + "\n")


# ---------------------------------------------------------------- Android logcat
def android_header():
    return (f"{n(1, 12):02d}-{n(1, 28):02d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}.{n(0, 999):03d}  "
            f"{n(600, 3000):4d}  {n(600, 9000):4d} {pick('D', 'I', 'V', 'W', 'E')} "
            f"{pick('WindowManager', 'PowerManagerService', 'ActivityManager', 'DisplayPowerController', 'StatusBar')}: ")


def app():
    return pick("com.android.systemui", "com.tencent.mm", "com.example.mail", "com.android.browser",
                "com.whatsapp", "com.spotify.music")


def activity():
    return app() + "/." + pick("MainActivity", "ui.LauncherUI", "SettingsActivity", "player.NowPlaying")


android = [
    lambda: f"acquire lock={V(n(1000000, 999999999))}, flags={V(pick('0x1', '0x1000000a', '0x6'))}, tag=\"{V(pick('View Lock', 'WindowManager', 'AudioMix', '*alarm*'))}\", name={V(app())}, ws=null, uid={V(n(1000, 10200))}, pid={V(n(600, 30000))}",
    lambda: f"release:lock={V(n(1000000, 999999999))}, flg=0x0, tag=\"{V(pick('View Lock', 'WindowManager', 'AudioMix', '*alarm*'))}\", name={V(app())}, ws=null, uid={V(n(1000, 10200))}, pid={V(n(600, 30000))}",
    lambda: f"Start proc {V(str(n(1000, 30000)) + ':' + app() + '/u0a' + str(n(10, 200)))} for {V(pick('activity', 'service', 'broadcast', 'content provider'))} {V(activity())}",
    lambda: f"Killing {V(str(n(1000, 30000)) + ':' + app() + '/u0a' + str(n(10, 200)))} (adj {V(n(0, 999))}): {V(pick('empty', 'cached'))} #{V(n(1, 40))}",
    lambda: "Screen Light Off",
    lambda: "Screen Light On",
    lambda: f"setSystemUiVisibility vis={V(hexs(n(1, 8)))} mask={V(pick('1', 'ffffffff', '0'))} oldVal={V(hexs(8))} newVal={V(hexs(8))} diff={V(hexs(n(1, 8)))}",
    lambda: f"Skipping AppWindowToken{{{V(hexs(7))} token=Token{{{V(hexs(7))} ActivityRecord{{{V(hexs(7))} u0 {V(activity())} t{V(n(100, 999))}}}}}}} -- going to hide",
    lambda: f"getRunningAppProcesses: caller {V(n(10000, 10200))} does not hold REAL_GET_TASKS; limiting output",
    lambda: f"Displayed {V(activity())}: +{V(str(n(100, 999)) + 'ms' if n(0, 1) else str(n(1, 3)) + 's' + str(n(1, 999)) + 'ms')}",
    lambda: f"userActivityNoUpdateLocked: eventTime={V(n(10000000, 99999999))}, event={V(pick(0, 2))}, flags={V(pick('0x0', '0x1'))}, uid={V(n(1000, 10200))}",
    lambda: f"Setting brightness to {V(n(1, 255))} ({V(pick('auto', 'manual'))})",
    lambda: f"Unable to start service Intent {{ act={V(pick('com.google.android.c2dm.intent.REGISTER', 'android.intent.action.SYNC'))} pkg={V(app())} }} U=0: not found",
]

# ---------------------------------------------------------------- Windows CBS servicing
def cbs_header():
    return f"2016-{n(1, 12):02d}-{n(1, 28):02d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}, {pick('Info', 'Info', 'Info', 'Warning', 'Error')}                  {pick('CBS', 'CSI', 'CBS')}    "


def kb():
    return f"Package_for_KB{n(2000000, 5999999)}~31bf3856ad364e35~amd64~~{pick('6.1.1.2', '6.1.1.0', '6.3.1.3', '10.0.1.4')}"


def hresult():
    return pick("0x800f080d - CBS_E_MANIFEST_INVALID_ITEM", "0x80070002 - ERROR_FILE_NOT_FOUND",
                "0x800f0805 - CBS_E_INVALID_PACKAGE", "0x80070005 - E_ACCESSDENIED")


def stack_dll():
    version = pick('6.1.7601.23505', '6.1.7601.24000')
    return 'C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_' + version + '_none_' + hexs(16) + '\\cbscore.dll'


cbs = [
    lambda: f"Loaded Servicing Stack v{V(pick('6.1.7601.23505', '6.1.7601.24000', '10.0.14393.1770'))} with Core: {V(stack_dll())}",
    lambda: f"Session: {V(str(n(30000000, 30999999)) + '_' + str(n(1000000000, 4294967295)))} initialized by client {V(pick('WindowsUpdateAgent', 'DISM Package Manager Provider', 'TrustedInstaller'))}.",
    lambda: f"Read out cached package applicability for package: {V(kb())}, ApplicableState: {V(pick(112, 80, 0))}, CurrentState:{V(pick(112, 80, 0))}",
    lambda: "Starting TrustedInstaller initialization.",
    lambda: "Ending TrustedInstaller initialization.",
    lambda: f"Failed to get next element [HRESULT = {V(hresult())}]",
    lambda: f"Failed to internally open package. [HRESULT = {V(hresult())}]",
    lambda: f"Warning: Unrecognized packageExtended attribute.",
    lambda: f"SQM: Initializing online with Windows opt-in: {V(pick('False', 'True'))}",
    lambda: f"Exec: Processing complete.  Session: {V(str(n(30000000, 30999999)) + '_' + str(n(1000000000, 4294967295)))}, Package: {V(kb())} [HRESULT = {V(pick('0x00000000 - S_OK', '0x800f0922 - CBS_E_INSTALLERS_FAILED'))}]",
    lambda: f"CSI Store {V(n(1000000, 9999999))} ({V('0x' + hexs(16))}) initialized",
    lambda: f"Created NT transaction (seq {V(n(1, 9))}), handle @{V('0x' + hexs(3))}",
    lambda: f"Scavenge: Begin CSI Store",
    lambda: f"Scavenge: Completed, disposition: {V(pick('0x00000000', '0x00000001'))}",
    lambda: f"Plan: Package: {V(kb())}, Update: {V(pick('KB', 'RollupFix') + str(n(2000000, 5999999)) + '-' + word())}, current: {V(pick('Staged', 'Absent', 'Installed'))}, pending: Default, start: {V(pick('Staged', 'Absent', 'Installed'))}, applicable: {V(pick('Installed', 'Staged'))}, target: {V(pick('Installed', 'Staged'))}, limit: Installed",
    lambda: f"Disabling manifest caching, because the load flag is set.",
    lambda: f"Mark store corruption flag because of package: {V(kb())}. [HRESULT = {V(hresult())}]",
    lambda: f"Reboot mark set for transaction {{{V(uid().upper())}}}",
]

# ---------------------------------------------------------------- proxy client (Proxifier-like)
def proxy_header():
    return f"[{n(1, 12)}.{n(1, 30)} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}] {pick('chrome.exe', 'firefox.exe', 'Skype.exe', 'git-remote-https.exe', 'Dropbox.exe *64', 'svchost.exe *64')} - "


def dest():
    return pick(f"{pick('www', 'api', 'cdn', 'mail', 'login')}.{pick('example.com', 'example.org', 'contoso.net', 'fabrikam.co.uk')}:{pick(80, 443, 443, 8080)}",
                f"{ip()}:{pick(80, 443, 5222, 8443)}",
                f"{pick('proxy', 'sg', 'edge-' + str(n(1, 40)))}.{pick('example.com', 'cdn.example.net')}:{pick(443, 80)}")


def kbytes(b):
    return f"{b / 1024:.2f}" if b < 1024 * 1024 else f"{b / 1024 / 1024:.2f}"


def amount():
    b = n(1024, 9000000)
    unit = "KB" if b < 1024 * 1024 else "MB"
    return f"{V(b)} bytes ({V(kbytes(b))} {unit})"


def lifetime():
    return pick("<1 sec", f"00:{n(0, 59):02d}", f"{n(0, 59):02d}:{n(0, 59):02d}", f"{n(1, 9)}:{n(0, 59):02d}:{n(0, 59):02d}")


proxy = [
    lambda: f"{V(dest())} open through proxy {V(pick('proxy.example.com:5070', 'proxy2.example.com:3128', '10.0.0.9:1080'))} {V(pick('HTTPS', 'SOCKS5'))}",
    lambda: f"{V(dest())} open directly",
    lambda: f"{V(dest())} close, {amount()} sent, {amount()} received, lifetime {V(lifetime())}",
    lambda: f"{V(dest())} close, {V(n(0, 1023))} bytes sent, {V(n(0, 1023))} bytes received, lifetime {V(lifetime())}",
    lambda: f"{V(dest())} error : Could not connect through proxy {V(pick('proxy.example.com:5070', 'proxy2.example.com:3128'))} - Proxy server cannot establish a connection with the target, status code {V(pick(403, 502, 503))}",
    lambda: f"{V(dest())} error : A connection request was canceled before the completion.",
    lambda: f"{V(dest())} error : Could not connect to proxy {V(pick('proxy.example.com:5070', 'proxy2.example.com:3128'))} - connection attempt failed with error {V(pick(10060, 10061))}",
    lambda: f"{V(dest())} matching {V(pick('Default', 'Localhost', 'Office'))} rule : using proxy {V(pick('proxy.example.com:5070', 'proxy2.example.com:3128'))}",
]

# ---------------------------------------------------------------- macOS syslog
def mac_header():
    m = pick("Jul", "Aug")
    host = pick("calvisitor-10-105-160-95", "authorMacBook-Pro", "calvisitor-10-105-162-178", "airbook")
    comp, pid = pick(("kernel", "0"), ("com.apple.cts", str(n(40, 300))), ("QQ", str(n(100, 9000))),
                     ("symptomsd", str(n(100, 300))), ("corecaptured", str(n(1000, 40000))),
                     ("mDNSResponder", str(n(50, 200))), ("WindowServer", str(n(100, 300))))
    return f"{m} {n(1, 31):2d} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} {host} {comp}[{pid}]: "


mac = [
    lambda: f"ARPT: {V(str(n(100000, 999999)) + '.' + str(n(100000, 999999)))}: AirPort_Brcm43xx::platformWoWEnable: WWEN[{V(pick('enable', 'disable'))}]",
    lambda: f"en{V(n(0, 1))}: BSSID changed to {V(':'.join(hexs(2) for _ in range(6)))}",
    lambda: f"IO80211AWDLPeerManager::setAwdlSuspendedMode() Resuming AWDL",
    lambda: f"IO80211AWDLPeerManager::setAwdlSuspendedMode() Suspending AWDL, enterQuietMode(true)",
    lambda: f"{V(pick('com.apple.EscrowSecurityAlert.daily', 'com.apple.CacheDelete.daily', 'com.apple.SoftwareUpdate.Activity'))}: scheduler_evaluate_activity told us to run this job; however, the deadline has not passed yet",
    lambda: f"Setting interval to {V(pick(28800, 86400, 3600))} seconds",
    lambda: f"PM response took {V(n(1, 2999))} ms ({V(n(1, 999))}, {V(pick('powerd', 'WindowServer', 'mDNSResponder', 'QQ'))})",
    lambda: f"Wake reason: {V(pick('EC.LidOpen (User)', 'RTC (Alarm)', 'ARPT (Network)', '?'))}",
    lambda: f"hibernate image path: {V('/var/vm/sleepimage')}",
    lambda: f"Thermal pressure state: {V(n(0, 2))} Memory pressure state: {V(n(0, 2))}",
    lambda: f"network changed: {V('v4(en0:' + ip() + ')')} DNS! Proxy SMB",
    lambda: f"-[NETClientConnection evaluateCrazyIvan46] CI46 - Perform CrazyIvan46! CrazyIvan46 Request",
    lambda: f"objc[{V(n(100, 9999))}]: Class {V(pick('FIFinderSyncExtensionHost', 'QQMessageCenter', 'NSSharingHelper'))} is implemented in both {V('/System/Library/PrivateFrameworks/' + word().capitalize() + '.framework/Versions/A/' + word().capitalize())} ({V('0x' + hexs(12))}) and {V('/Applications/QQ.app/Contents/MacOS/' + word().capitalize())} ({V('0x' + hexs(9))}). One of the two will be used. Which one is undefined.",
    lambda: f"Sandbox: {V(pick('QQ', 'com.apple.WebKit', 'Safari'))}({V(n(100, 9999))}) deny(1) {V(pick('file-read-data', 'mach-lookup', 'network-outbound'))} {V(pick('/private/var/db/mds/system', 'com.apple.cfprefsd.daemon', '/Library/Preferences/com.apple.security.plist'))}",
    lambda: f"CoreCaptureResponder::captureLogRun {V(n(1, 99))} CCFile::captureLog Received Capture notice id: {V(n(1000000000, 1600000000))}.{V(n(100000, 999999))}, reason = {V(pick('AuthFail:sts:2', 'AssocFail:sts:5', 'DeauthInd:sts:0'))}",
]

# ---------------------------------------------------------------- OpenStack nova
def nova_header():
    f = pick("nova-api.log.1.2017-05-16_13:53:08", "nova-compute.log.1.2017-05-16_13:55:31", "nova-api.log.2017-05-17_12:02:35")
    comp = pick("nova.osapi_compute.wsgi.server", "nova.compute.manager", "nova.virt.libvirt.imagecache", "nova.compute.claims", "nova.compute.resource_tracker")
    req = f"req-{uid()} {hexs(32)} {hexs(32)} - - -" if n(0, 1) else f"req-{uid()} - - - - -"
    return f"{f} 2017-05-{n(14, 17)} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}.{n(0, 999):03d} {n(2000, 30000)} {pick('INFO', 'INFO', 'WARNING')} {comp} [{req}] "


def tenant():
    return pick("54fadb412c4e40cdbaed9335e4c35a9e", "e9746973ac574c6b8a9e8857f56a7608", "113d3a99c3da401fbd62cc2caa5b96d2")


def inst():
    return f"[instance: {V(uid())}]"


nova = [
    lambda: f"{V(ip())} \"GET {V('/v2/' + tenant() + '/servers/detail')} HTTP/1.1\" status: {V(pick(200, 200, 404))} len: {V(n(200, 2000))} time: {V(str(n(0, 1)) + '.' + str(n(1000000, 9999999)))}",
    lambda: f"{V(ip())} \"POST {V('/v2/' + tenant() + '/os-server-external-events')} HTTP/1.1\" status: {V(pick(200, 202))} len: {V(n(200, 2000))} time: {V(str(n(0, 1)) + '.' + str(n(1000000, 9999999)))}",
    lambda: f"{V(ip())} \"DELETE {V('/v2/' + tenant() + '/servers/' + uid())} HTTP/1.1\" status: {V(204)} len: {V(203)} time: {V(str(n(0, 1)) + '.' + str(n(1000000, 9999999)))}",
    lambda: f"{inst()} VM Started (Lifecycle Event)",
    lambda: f"{inst()} VM Stopped (Lifecycle Event)",
    lambda: f"{inst()} VM Paused (Lifecycle Event)",
    lambda: f"{inst()} VM Resumed (Lifecycle Event)",
    lambda: f"{inst()} Took {V(str(n(0, 30)) + '.' + str(n(10, 99)))} seconds to spawn the instance on the hypervisor.",
    lambda: f"{inst()} Took {V(str(n(0, 30)) + '.' + str(n(10, 99)))} seconds to build instance.",
    lambda: f"{inst()} Took {V(str(n(0, 3)) + '.' + str(n(10, 99)))} seconds to destroy the instance on the hypervisor.",
    lambda: f"{inst()} During sync_power_state the instance has a pending task ({V(pick('spawning', 'deleting', 'powering-off'))}). Skip.",
    lambda: f"{inst()} Attempting claim: memory {V(pick(512, 2048, 4096))} MB, disk {V(pick(1, 20, 40))} GB, vcpus {V(pick(1, 2, 4))} CPU",
    lambda: f"{inst()} Claim successful",
    lambda: f"{inst()} Creating image",
    lambda: f"Total memory: {V(64172)} MB, used: {V(str(n(512, 9000)) + '.00')} MB",
    lambda: f"Auditing locally available compute resources for node {V(pick('cp-1.slowvm1.tcloud-pg0.utah.cloudlab.us', 'cp-2.slowvm1.tcloud-pg0.utah.cloudlab.us'))}",
    lambda: f"Final resource view: name={V(pick('cp-1.slowvm1.tcloud-pg0.utah.cloudlab.us', 'cp-2.slowvm1.tcloud-pg0.utah.cloudlab.us'))} phys_ram={V(str(64172) + 'MB')} used_ram={V(str(n(512, 9000)) + 'MB')} phys_disk={V(str(15) + 'GB')} used_disk={V(str(n(0, 80)) + 'GB')} total_vcpus={V(16)} used_vcpus={V(n(0, 8))} pci_stats=[]",
    lambda: f"image {V(uid())} at ({V('/var/lib/nova/instances/_base/' + hexs(40))}): checking",
    lambda: f"Unknown base file: {V('/var/lib/nova/instances/_base/' + hexs(40))}",
]

# ---------------------------------------------------------------- health app, '|' headers
def health_header():
    return f"201712{n(20, 31)}-{n(0, 23)}:{n(0, 59)}:{n(0, 59)}:{n(0, 999)}|{pick('Step_LSC', 'Step_StandReportReceiver', 'Step_SPUtils', 'Step_ExtSDM', 'HiH_HiHealthDataInsertStore', 'Step_StandStepCounter')}|{n(30002312, 30002999)}|"


health = [
    lambda: f"onStandStepChanged {V(n(1, 9999))}",
    lambda: f"onExtend:{V(n(1514038000000, 1514099999999))} {V(n(0, 30))} {V(n(0, 3))} {V(n(0, 9))}",
    lambda: f"calculateCaloriesWithCache totalCalories={V(n(1000, 200000))}",
    lambda: f"calculateAltitudeWithCache totalAltitude={V(n(0, 300))}",
    lambda: f"getTodayTotalDetailSteps = {V('##'.join(str(n(0, 99999999)) for _ in range(6)))}",
    lambda: f"setTodaySteps={V(n(0, 20000))}",
    lambda: "flush sensor data",
    lambda: f"REPORT : {V(n(0, 9999))} {V(n(0, 9999))} {V(n(0, 999999))} {V(n(0, 999))}",
    lambda: f"processHandleBroadcastAction action:{V(pick('android.intent.action.SCREEN_ON', 'android.intent.action.SCREEN_OFF', 'android.intent.action.USER_PRESENT', 'android.intent.action.TIME_TICK'))}",
    lambda: f"getBinderPackageName packageName = {V(pick('com.huawei.health', 'com.huawei.bone', 'com.example.fit'))}",
    lambda: f"insertHiHealthData() bulkSaveDetailHiHealthData fail errorCode = {V(pick(4, 7))} errorMessage = {V(pick('ERR_DATA_INSERT', 'ERR_NO_PERMISSION'))}",
    lambda: f"upLoadOneMinuteDataToEngine time={V(n(1514038000000, 1514099999999))},step={V(n(0, 200))},state={V(pick(1, 2, 3))}",
    lambda: "screen status unknown,think screen on",
    lambda: f"registerSensor success, sensor delay is {V(pick(0, 1, 3))}",
    lambda: f"sendBroadcast : {V(pick('com.huawei.health.STEP_CHANGED', 'com.huawei.health.TARGET_DONE'))} steps={V(n(0, 20000))} calories={V(n(0, 200000))}",
]

# ---------------------------------------------------------------- Hadoop MapReduce
def hadoop_header():
    return (f"2015-10-{n(17, 19)} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d},{n(0, 999):03d} {pick('INFO', 'INFO', 'WARN', 'ERROR')} "
            f"[{pick('main', 'AsyncDispatcher event handler', 'RMCommunicator Allocator', 'ContainerLauncher #' + str(n(0, 9)), 'IPC Server handler ' + str(n(0, 29)) + ' on ' + str(n(40000, 65000)))}] "
            f"org.apache.hadoop.mapreduce.v2.app.{pick('job.impl.TaskAttemptImpl', 'rm.RMContainerAllocator', 'TaskAttemptListenerImpl', 'launcher.ContainerLauncherImpl')}: ")


APP = "1445144423722"


def attempt():
    return f"attempt_{APP}_{n(1, 30):04d}_{pick('m', 'r')}_{n(0, 20):06d}_{n(0, 3)}"


def container_id():
    return f"container_{APP}_{n(1, 30):04d}_01_{n(1, 40):06d}"


def state():
    return pick("NEW", "UNASSIGNED", "ASSIGNED", "RUNNING", "SUCCESS_CONTAINER_CLEANUP", "SUCCEEDED", "FAIL_CONTAINER_CLEANUP")


def rm_host():
    return pick("msra-sa-41", "MININT-FNANLI5", "minint-e8jc9tv")


hadoop = [
    lambda: f"Progress of TaskAttempt {V(attempt())} is : {V('0.' + str(n(1, 99999999)))}",
    lambda: f"{V(attempt())} TaskAttempt Transitioned from {V(state())} to {V(state())}",
    lambda: f"Processing the event EventType: {V(pick('CONTAINER_REMOTE_LAUNCH', 'CONTAINER_REMOTE_CLEANUP'))} for container {V(container_id())} taskAttempt {V(attempt())}",
    lambda: f"Address change detected. Old: {V(rm_host() + '/' + ip() + ':8030')} New: {V(rm_host() + ':8030')}",
    lambda: f"Retrying connect to server: {V(rm_host() + ':8030')}. Already tried {V(n(0, 9))} time(s); retry policy is RetryUpToMaximumCountWithFixedSleep(maxRetries={V(10)}, sleepTime={V(1000)} MILLISECONDS)",
    lambda: "ERROR IN CONTACTING RM.",
    lambda: f"Recalculating schedule, headroom=<memory:{V(n(0, 9000))}, vCores:{V(n(-30, 8))}>",
    lambda: f"Reduce slow start threshold not met. completedMapsForReduceSlowstart {V(n(1, 9))}",
    lambda: f"After Scheduling: PendingReds:{V(n(0, 2))} ScheduledMaps:{V(n(0, 10))} ScheduledReds:{V(n(0, 1))} AssignedMaps:{V(n(0, 10))} AssignedReds:{V(n(0, 1))} CompletedMaps:{V(n(0, 10))} CompletedReds:{V(n(0, 1))} ContainersAllocated:{V(n(0, 12))} ContainersCompleted:{V(n(0, 12))} HostLocal:{V(n(0, 9))} RackLocal:{V(n(0, 4))}",
    lambda: f"Assigned container {V(container_id())} to {V(attempt())}",
    lambda: f"JVM with ID : {V('jvm_' + APP + '_' + str(n(1, 30)).zfill(4) + '_m_' + str(n(1, 40)).zfill(6))} asked for a task",
    lambda: f"JVM with ID: {V('jvm_' + APP + '_' + str(n(1, 30)).zfill(4) + '_m_' + str(n(1, 40)).zfill(6))} given task: {V(attempt())}",
    lambda: f"Done acknowledgement from {V(attempt())}",
    lambda: f"DFSOutputStream ResponseProcessor exception  for block {V('BP-' + str(n(1000000000, 1999999999)) + '-' + ip() + '-' + str(n(1444000000000, 1444999999999)) + ':blk_' + str(n(1073741000, 1073749999)) + '_' + str(n(1000, 9999)))}",
    lambda: f"Num completed Tasks: {V(n(1, 20))}",
    lambda: f"Launching {V(attempt())}",
    lambda: f"Opening proxy : {V(pick('04dn8iq.fareast.corp.microsoft.com', 'MININT-75DGDAM1.fareast.corp.microsoft.com', 'msra-sa-39.fareast.corp.microsoft.com') + ':' + str(n(50000, 65000)))}",
]

# ---------------------------------------------------------------- Thunderbird-like cluster syslog
def tbird_header():
    node = f"{pick('dn', 'en', 'an', 'bn')}{n(1, 999)}"
    comp = pick("crond(pam_unix)[" + str(n(1000, 30000)) + "]", "sshd[" + str(n(1000, 30000)) + "]", "kernel", "ntpd[" + str(n(1000, 9000)) + "]", "ib_sm.x[" + str(n(1000, 30000)) + "]", "xinetd[" + str(n(1000, 9000)) + "]")
    return f"- {n(1131566400, 1131999999)} 2005.11.{n(9, 22):02d} {node} Nov {n(9, 22)} {n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d} {node}/{node} {comp}: "


def tuser():
    return pick("root", "root", "tbird-admin", "nagios", "ganglia")


tbird = [
    lambda: f"session opened for user {V(tuser())} by (uid={V(pick(0, 0, 500))})",
    lambda: f"session closed for user {V(tuser())}",
    # loghub's Thunderbird counts cron's run-parts apart from other commands: (<*>) CMD (run-parts <*>)
    lambda: f"({V(tuser())}) CMD (run-parts {V(pick('/etc/cron.hourly', '/etc/cron.daily'))})",
    lambda: f"({V(tuser())}) CMD ({V(pick('/usr/lib/sa/sa1 1 1', '/opt/ganglia/bin/check.sh >/dev/null 2>&1'))})",
    lambda: f"Accepted publickey for {V(tuser())} from {V(ip())} port {V(n(30000, 65000))} ssh2",
    lambda: f"Accepted password for {V(tuser())} from {V(ip())} port {V(n(30000, 65000))} ssh2",
    lambda: f"synchronized to {V(ip())}, stratum {V(n(1, 4))}",
    lambda: f"time reset {V(pick('+', '-') + '0.' + str(n(100000, 999999)))} s",
    lambda: f"[ib_sm_sweep.c:{V(n(1000, 2000))}]: No topology change",
    lambda: f"[ib_sm_sweep.c:{V(n(1000, 2000))}]: Topology change detected, {V(n(1, 40))} ports {V(pick('added', 'removed'))}",
    lambda: f"e1000: eth{V(n(0, 1))}: e1000_watchdog: NIC Link is Up {V(pick(100, 1000))} Mbps Full Duplex",
    lambda: f"e1000: eth{V(n(0, 1))}: e1000_watchdog: NIC Link is Down",
    lambda: f"START: {V(pick('rsh', 'rlogin', 'tftp'))} pid={V(n(1000, 30000))} from={V(ip())}",
    lambda: f"EXIT: {V(pick('rsh', 'rlogin', 'tftp'))} status={V(n(0, 1))} pid={V(n(1000, 30000))} duration={V(n(0, 999))}(sec)",
    lambda: f"Out of Memory: Killed process {V(n(1000, 30000))} ({V(pick('mpirun', 'a.out', 'java', 'python'))}).",
    lambda: f"GM: LANai is not running. Allowing port={V(n(0, 8))} open for debugging",
    lambda: f"usb {V(str(n(1, 4)) + '-' + str(n(1, 4)))}: new {V(pick('full', 'low'))} speed USB device using {V(pick('uhci_hcd', 'ohci_hcd'))} and address {V(n(2, 9))}",
]

if __name__ == "__main__":
    write("android", android, 400, android_header)
    write("windows-cbs", cbs, 400, cbs_header)
    write("proxy-client", proxy, 300, proxy_header)
    write("mac-syslog", mac, 400, mac_header)
    write("openstack-nova", nova, 400, nova_header)
    write("health-app", health, 400, health_header)
    write("hadoop-mr", hadoop, 400, hadoop_header)
    write("thunderbird", tbird, 400, tbird_header)
