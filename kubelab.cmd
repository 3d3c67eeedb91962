@echo off
rem Runs kubelab on Windows, building it first when the jar is missing.
setlocal
set "DIR=%~dp0"
set "JAR=%DIR%runner\target\kubelab.jar"
if not exist "%JAR%" (
  echo kubelab: building ^(the first time takes a few minutes^)... 1>&2
  pushd "%DIR%"
  call mvnw.cmd -q -B -DskipTests package 1>&2
  if errorlevel 1 ( popd & exit /b 4 )
  popd
)
java -jar "%JAR%" %*
