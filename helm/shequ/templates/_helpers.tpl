{{/* Chart name, overridable. */}}
{{- define "shequ.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name; objects get "<fullname>-<component>". */}}
{{- define "shequ.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* name-version for the helm.sh/chart label. */}}
{{- define "shequ.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "shequ.labels" -}}
helm.sh/chart: {{ include "shequ.chart" . }}
{{ include "shequ.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Labels that select the release's pods; add app.kubernetes.io/component per workload. */}}
{{- define "shequ.selectorLabels" -}}
app.kubernetes.io/name: {{ include "shequ.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The image reference; the tag defaults to the chart's appVersion. */}}
{{- define "shequ.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) -}}
{{- end -}}

{{/* Secret holding SHEQU_DATABASE_URL, SHEQU_REDIS_URL and SHEQU_SECRET_KEY. */}}
{{- define "shequ.secretName" -}}
{{- .Values.existingSecret | default (include "shequ.fullname" .) -}}
{{- end -}}

{{/* Non-secret environment, shared by the ConfigMap and the migration hook's copy. */}}
{{- define "shequ.configData" -}}
SHEQU_ENV: "production"
SHEQU_DATA_DIR: "/var/lib/shequ"
SHEQU_JSON_LOGS: {{ ternary "1" "0" .Values.logging.json | quote }}
SHEQU_LOG_LEVEL: {{ .Values.logging.level | upper | quote }}
{{- range $key, $value := .Values.env }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/*
True when rendering for a cluster (install, upgrade, helm template). helm lint renders with
neither flag set: it checks the chart with its own defaults, which hold no credentials.
*/}}
{{- define "shequ.deploying" -}}
{{- if or .Release.IsInstall .Release.IsUpgrade }}true{{ end -}}
{{- end -}}

{{/* A credential for the chart's Secret: required when deploying, a lint placeholder otherwise. */}}
{{- define "shequ.credential" -}}
{{- $root := index . 0 -}}
{{- if include "shequ.deploying" $root -}}
{{- required (index . 2) (index . 1) -}}
{{- else -}}
{{- index . 1 | default "lint-placeholder" -}}
{{- end -}}
{{- end -}}

{{/* Secret environment (base64), shared by the Secret and the migration hook's copy. */}}
{{- define "shequ.secretData" -}}
{{- if and (include "shequ.deploying" .) .Values.secretKey (lt (len .Values.secretKey) 32) }}
{{- fail "secretKey must be at least 32 characters (openssl rand -hex 32)" }}
{{- end }}
SHEQU_DATABASE_URL: {{ include "shequ.credential" (list . .Values.database.url "database.url is required (postgresql+asyncpg://user:pw@host:5432/db), or set existingSecret") | b64enc | quote }}
SHEQU_REDIS_URL: {{ include "shequ.credential" (list . .Values.redis.url "redis.url is required (redis://host:6379/0), or set existingSecret") | b64enc | quote }}
SHEQU_SECRET_KEY: {{ include "shequ.credential" (list . .Values.secretKey "secretKey is required (openssl rand -hex 32, at least 32 characters), or set existingSecret") | b64enc | quote }}
{{- range $key, $value := .Values.secretEnv }}
{{ $key }}: {{ $value | toString | b64enc | quote }}
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by every workload; expects the root context. */}}
{{- define "shequ.podCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.serviceAccountName }}
serviceAccountName: {{ . }}
{{- end }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/* Volumes behind the read-only root filesystem: /tmp and the data dir are writable. */}}
{{- define "shequ.volumes" -}}
- name: tmp
  emptyDir: {}
- name: data
  {{- toYaml .Values.dataVolume | nindent 2 }}
{{- end -}}

{{- define "shequ.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /var/lib/shequ
{{- end -}}

{{/* Environment sources for the long-running workloads. */}}
{{- define "shequ.envFrom" -}}
- configMapRef:
    name: {{ include "shequ.fullname" . }}
- secretRef:
    name: {{ include "shequ.secretName" . }}
{{- end -}}

{{/* Rolls pods when chart-managed configuration changes. */}}
{{- define "shequ.configChecksums" -}}
checksum/config: {{ include "shequ.configData" . | sha256sum }}
{{- if not .Values.existingSecret }}
checksum/secret: {{ include "shequ.secretData" . | sha256sum }}
{{- end }}
{{- end -}}
