// The function app's settings, all of them (this resource replaces the whole set): main.bicep builds them, and the
// test BicepTemplateTests loads them into the app's own startup validation.

@description('Name of the function app.')
param appName string

@description('The app settings, by name (Section__Key).')
param settings object

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: appName
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: settings
}
